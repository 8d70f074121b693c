using System;
using System.Collections.Generic;
using System.IO;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>
    /// Every file operation the snapshot writer makes, so that tests can fail any one of them (a crash between a
    /// page and its checkpoint, a full disk, a torn write). Paths are full paths.
    /// </summary>
    public interface ISnapshotFileSystem
    {
        bool FileExists(string path);

        bool DirectoryExists(string path);

        void CreateDirectory(string path);

        /// <summary>Files and folders directly in a folder (full paths).</summary>
        IEnumerable<string> EnumerateEntries(string directory);

        /// <summary>Creates or truncates a file for writing.</summary>
        Stream Create(string path);

        Stream OpenRead(string path);

        /// <summary>Makes what was written to a stream from <see cref="Create"/> durable (fsync) before it is renamed.</summary>
        void FlushToDisk(Stream stream);

        /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/> in one step, replacing it if present.</summary>
        void MoveReplacing(string source, string destination);

        void DeleteFile(string path);

        void DeleteDirectory(string path);
    }

    /// <summary>The real file system.</summary>
    public sealed class PhysicalSnapshotFileSystem : ISnapshotFileSystem
    {
        public static PhysicalSnapshotFileSystem Instance { get; } = new PhysicalSnapshotFileSystem();

        public bool FileExists(string path) => File.Exists(path);

        public bool DirectoryExists(string path) => Directory.Exists(path);

        public void CreateDirectory(string path) => Directory.CreateDirectory(path);

        public IEnumerable<string> EnumerateEntries(string directory) => Directory.EnumerateFileSystemEntries(directory);

        public Stream Create(string path) =>
            new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.SequentialScan);

        public Stream OpenRead(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);

        public void FlushToDisk(Stream stream)
        {
            if (stream is FileStream file)
            {
                file.Flush(flushToDisk: true);
            }
            else
            {
                stream.Flush();
            }
        }

        public void MoveReplacing(string source, string destination)
        {
            // netstandard2.0 has no File.Move(overwrite); File.Replace is the atomic rename over an existing file.
            if (File.Exists(destination))
            {
                File.Replace(source, destination, destinationBackupFileName: null);
            }
            else
            {
                File.Move(source, destination);
            }
        }

        public void DeleteFile(string path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        public void DeleteDirectory(string path)
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }
}
