using System;
using System.Text.RegularExpressions;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>How a snapshot file's name maps to its format and, under graph/, to its entity set.</summary>
    internal static class SnapshotFileName
    {
        private static readonly string[] Extensions = { ".jsonl.gz", ".json.gz", ".jsonl", ".json" };
        private static readonly Regex PageSuffix = new Regex(@"\.\d+$", RegexOptions.CultureInvariant);

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
    }
}
