using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>How a snapshot file's name maps to its format and, under graph/, to its entity set.</summary>
    internal static class SnapshotFileName
    {
        private static readonly string[] Extensions = { ".jsonl.gz", ".json.gz", ".jsonl", ".json" };
        private static readonly Regex PageSuffix = new Regex(@"\.\d+$", RegexOptions.CultureInvariant);

        /// <summary>
        /// The order files are read in: by name, except that the pages of one set follow their numbers
        /// (servicePrincipals.2.json before servicePrincipals.10.json), so objects come in the order they were collected.
        /// </summary>
        public static IComparer<string> ReadOrder { get; } = new PageNumberComparer();

        /// <summary>True when the file is one the snapshot format reads.</summary>
        public static bool IsDataFile(string name) => GetExtension(name) != null;

        public static string? GetExtension(string name)
        {
            foreach (var extension in Extensions)
            {
                if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    return extension;
                }
            }

            return null;
        }

        public static bool IsGzip(string name) => name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

        public static bool IsJsonLines(string name)
        {
            var extension = GetExtension(name);
            return extension != null && extension.StartsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>"servicePrincipals.2.json" and "servicePrincipals.jsonl.gz" both name the set "servicePrincipals".</summary>
        public static string GetSetName(string fileName)
        {
            var slash = fileName.LastIndexOf('/');
            if (slash >= 0)
            {
                fileName = fileName.Substring(slash + 1);
            }

            var extension = GetExtension(fileName);
            var stem = extension == null ? fileName : fileName.Substring(0, fileName.Length - extension.Length);
            return PageSuffix.Replace(stem, string.Empty);
        }

        /// <summary>"graph/servicePrincipals.10.json" → ("graph/servicePrincipals", 10, ".json"); no page number → -1.</summary>
        private static (string Stem, long Page, string Extension) SplitPage(string path)
        {
            var extension = GetExtension(path) ?? string.Empty;
            var stem = path.Substring(0, path.Length - extension.Length);
            var match = PageSuffix.Match(stem);
            if (match.Success && long.TryParse(match.Value.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out var page))
            {
                return (stem.Substring(0, match.Index), page, extension);
            }

            return (stem, -1, extension);
        }

        private sealed class PageNumberComparer : IComparer<string>
        {
            public int Compare(string? x, string? y)
            {
                if (x == null || y == null)
                {
                    return string.CompareOrdinal(x, y);
                }

                var left = SplitPage(x);
                var right = SplitPage(y);
                var byStem = string.CompareOrdinal(left.Stem, right.Stem);
                if (byStem != 0)
                {
                    return byStem;
                }

                var byPage = left.Page.CompareTo(right.Page);
                return byPage != 0 ? byPage : string.CompareOrdinal(x, y);
            }
        }
    }
}
