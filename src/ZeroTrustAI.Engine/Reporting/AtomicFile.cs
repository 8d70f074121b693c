using System;
using System.IO;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>Writes a file so that it appears complete or not at all: to a hidden temp file beside it, then swapped in.</summary>
    public static class AtomicFile
    {
        /// <summary>A new temp file name beside <paramref name="path"/>.</summary>
        public static string TempPathFor(string path) =>
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");

        /// <summary>Writes the temp file with <paramref name="write"/> and flushes it to disk; returns its path. The caller swaps or deletes it.</summary>
        public static string WriteTemp(string path, Action<Stream> write)
        {
            if (write == null)
            {
                throw new ArgumentNullException(nameof(write));
            }

            var temp = TempPathFor(path);
            try
            {
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
                write(stream);
                stream.Flush(flushToDisk: true);
                return temp;
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>Moves the temp file over <paramref name="path"/>, keeping what it replaced as <paramref name="backup"/> when given.</summary>
        public static void Swap(string temp, string path, string? backup = null)
        {
            if (File.Exists(path))
            {
                File.Replace(temp, path, backup);
            }
            else
            {
                File.Move(temp, path);
            }
        }

        /// <summary>Writes the whole file atomically (creating its folder), keeping a backup of the old one when asked.</summary>
        public static void Write(string path, Action<Stream> write, string? backup = null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
            var temp = WriteTemp(path, write);
            try
            {
                Swap(temp, path, backup);
            }
            finally
            {
                TryDelete(temp);
            }
        }

        /// <summary>Best effort: a leftover temp file is hidden and clearly named; failing over it would hide the real error.</summary>
        public static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
