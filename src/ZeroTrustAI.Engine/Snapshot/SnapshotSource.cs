using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>A snapshot's files, from a folder or a .zip, with paths relative to the snapshot root.</summary>
    internal abstract class SnapshotSource : IDisposable
    {
        /// <summary>Relative paths with forward slashes, sorted so that reading order is stable.</summary>
        public abstract IReadOnlyList<string> Files { get; }

        public abstract Stream Open(string relativePath);

        public virtual void Dispose()
        {
        }

        public static SnapshotSource Open(string path, out string displayPath)
        {
            displayPath = path;
            if (Directory.Exists(path))
            {
                return new FolderSource(path);
            }

            if (File.Exists(path))
            {
                if (!path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SnapshotException(
                        SnapshotErrorIds.NotASnapshot,
                        $"'{path}' is a file but not a .zip; a snapshot is a folder or a .zip of that folder.",
                        path);
                }

                try
                {
                    return new ZipSource(path);
                }
                catch (InvalidDataException exception)
                {
                    throw new SnapshotException(SnapshotErrorIds.NotASnapshot, $"'{path}' is not a readable .zip: {exception.Message}", path, exception);
                }
            }

            throw new SnapshotException(SnapshotErrorIds.PathNotFound, $"No snapshot folder or .zip exists at '{path}'.", path);
        }

        private sealed class FolderSource : SnapshotSource
        {
            private readonly string _root;

            public FolderSource(string root)
            {
                _root = Path.GetFullPath(root);
                Files = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
                    .Select(f => f.Substring(_root.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace('\\', '/'))
                    .OrderBy(f => f, SnapshotFileName.ReadOrder)
                    .ToList();
            }

            public override IReadOnlyList<string> Files { get; }

            public override Stream Open(string relativePath) =>
                new FileStream(Path.Combine(_root, relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        }

        private sealed class ZipSource : SnapshotSource
        {
            private readonly ZipArchive _archive;
            private readonly Dictionary<string, ZipArchiveEntry> _entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);

            public ZipSource(string path)
            {
                _archive = ZipFile.OpenRead(path);
                var names = _archive.Entries
                    .Where(e => !e.FullName.EndsWith("/", StringComparison.Ordinal))
                    .Select(e => (Entry: e, Name: e.FullName.Replace('\\', '/')))
                    .ToList();

                // A zip of the folder may hold the folder itself as its single top-level entry: strip that prefix.
                var prefix = CommonRootFolder(names.Select(n => n.Name));
                foreach (var (entry, name) in names)
                {
                    _entries[name.Substring(prefix.Length)] = entry;
                }

                Files = _entries.Keys.OrderBy(k => k, SnapshotFileName.ReadOrder).ToList();
            }

            public override IReadOnlyList<string> Files { get; }

            public override Stream Open(string relativePath) => _entries[relativePath].Open();

            public override void Dispose()
            {
                _archive.Dispose();
                base.Dispose();
            }

            private static string CommonRootFolder(IEnumerable<string> names)
            {
                string? root = null;
                foreach (var name in names)
                {
                    var slash = name.IndexOf('/');
                    if (slash < 0)
                    {
                        return string.Empty;
                    }

                    var first = name.Substring(0, slash + 1);
                    if (root == null)
                    {
                        root = first;
                    }
                    else if (!string.Equals(root, first, StringComparison.Ordinal))
                    {
                        return string.Empty;
                    }

                    if (IsSnapshotTopLevel(first))
                    {
                        return string.Empty;
                    }
                }

                return root ?? string.Empty;
            }

            private static bool IsSnapshotTopLevel(string folder) =>
                folder.Equals("graph/", StringComparison.OrdinalIgnoreCase) ||
                folder.Equals("arm/", StringComparison.OrdinalIgnoreCase) ||
                folder.Equals("purview/", StringComparison.OrdinalIgnoreCase);
        }
    }
}
