using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace ZeroTrustAI.Benchmarks.Measures;

/// <summary>
/// The floor every snapshot read is compared with: decompress and parse every JSON file of a snapshot with
/// <see cref="Utf8JsonReader"/>, touching every token, keeping nothing. Streamed in 64 KiB chunks, one thread.
/// </summary>
public static class JsonParseBaseline
{
    public sealed record Result(long Files, long Bytes, long Tokens, long Checksum);

    public static Result ParseSnapshot(string folder)
    {
        long files = 0, bytes = 0, tokens = 0, checksum = 0;
        foreach (var file in SnapshotFiles(folder))
        {
            var (fileBytes, fileTokens, fileChecksum) = ParseFile(file);
            files++;
            bytes += fileBytes;
            tokens += fileTokens;
            checksum += fileChecksum;
        }

        return new Result(files, bytes, tokens, checksum);
    }

    /// <summary>The files a snapshot reader reads: manifest.json and every JSON file under graph/, arm/ and purview/.</summary>
    public static IEnumerable<string> SnapshotFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase)
                || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    /// <summary>Parses one file (gzip or not; one JSON value or JSON Lines); returns uncompressed bytes, tokens and a checksum of token lengths.</summary>
    public static (long Bytes, long Tokens, long Checksum) ParseFile(string file)
    {
        using var raw = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using Stream stream = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        return Parse(stream);
    }

    public static (long Bytes, long Tokens, long Checksum) Parse(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var state = new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = true });
            long bytes = 0, tokens = 0, checksum = 0;
            var filled = 0;
            while (true)
            {
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                bytes += read;
                filled += read;
                var final = read == 0;
                var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
                while (reader.Read())
                {
                    tokens++;
                    checksum += reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                }

                if (final)
                {
                    return (bytes, tokens, checksum);
                }

                state = reader.CurrentState;
                var consumed = (int)reader.BytesConsumed;
                var left = filled - consumed;
                if (left == buffer.Length)
                {
                    // One token larger than the buffer: grow it.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else
                {
                    buffer.AsSpan(consumed, left).CopyTo(buffer);
                }

                filled = left;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
