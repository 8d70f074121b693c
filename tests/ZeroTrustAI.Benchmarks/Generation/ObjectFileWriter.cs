using System.IO.Compression;
using System.Text.Json;

namespace ZeroTrustAI.Benchmarks.Generation;

/// <summary>How a generated snapshot stores its objects.</summary>
public enum SnapshotFileFormat
{
    /// <summary>One gzip-compressed JSON Lines file per set (or per million objects): the compact form.</summary>
    JsonlGz,

    /// <summary>Pages of 999 objects, <c>{"value": [...]}</c>, one file each, as Save-ZtaiSnapshot writes them.</summary>
    Json,
}

/// <summary>
/// Writes the objects of one set to <c>&lt;folder&gt;/&lt;name&gt;.&lt;n&gt;.(json|jsonl.gz)</c>. Objects are written
/// through one <see cref="Utf8JsonWriter"/>; gzip uses the optimal level, like the gzip tool's default.
/// </summary>
public sealed class ObjectFileWriter : IDisposable
{
    public const int JsonPageSize = 999;
    public const int JsonlFileSize = 1_000_000;

    private readonly string _folder;
    private readonly string _name;
    private readonly SnapshotFileFormat _format;
    private Stream? _stream;
    private Utf8JsonWriter? _writer;
    private int _inFile;
    private int _files;

    public ObjectFileWriter(string folder, string name, SnapshotFileFormat format)
    {
        _folder = folder;
        _name = name;
        _format = format;
        Directory.CreateDirectory(folder);
    }

    public long Count { get; private set; }

    /// <summary>The writer positioned for one object; call <see cref="EndObject"/> after writing it.</summary>
    public Utf8JsonWriter BeginObject()
    {
        var limit = _format == SnapshotFileFormat.Json ? JsonPageSize : JsonlFileSize;
        if (_writer == null || _inFile == limit)
        {
            CloseFile();
            OpenFile();
        }

        return _writer!;
    }

    public void EndObject()
    {
        if (_format == SnapshotFileFormat.JsonlGz)
        {
            _writer!.Flush();
            _stream!.WriteByte((byte)'\n');
            _writer.Reset(_stream);
        }

        _inFile++;
        Count++;
    }

    public void Write(Action<Utf8JsonWriter> write)
    {
        write(BeginObject());
        EndObject();
    }

    /// <summary>Closes the last file; a set with no object still gets one empty file, so it reads as present and empty.</summary>
    public void Dispose()
    {
        if (_writer == null)
        {
            OpenFile();
        }

        CloseFile();
    }

    private void OpenFile()
    {
        _files++;
        var extension = _format == SnapshotFileFormat.Json ? ".json" : ".jsonl.gz";
        Stream file = new FileStream(Path.Combine(_folder, $"{_name}.{_files}{extension}"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _stream = _format == SnapshotFileFormat.JsonlGz ? new BufferedStream(new GZipStream(file, CompressionLevel.Optimal), 1 << 16) : file;
        _writer = new Utf8JsonWriter(_stream, new JsonWriterOptions { SkipValidation = true });
        _inFile = 0;
        if (_format == SnapshotFileFormat.Json)
        {
            _writer.WriteStartObject();
            _writer.WriteStartArray("value");
        }
    }

    private void CloseFile()
    {
        if (_writer == null)
        {
            return;
        }

        if (_format == SnapshotFileFormat.Json)
        {
            _writer.WriteEndArray();
            _writer.WriteEndObject();
        }

        _writer.Flush();
        _writer.Dispose();
        _stream!.Dispose();
        _writer = null;
        _stream = null;
    }
}
