namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>Stable ids of snapshot problems; the cmdlets use them as ErrorRecord ids.</summary>
    public static class SnapshotErrorIds
    {
        public const string PathNotFound = "SnapshotPathNotFound";
        public const string NotASnapshot = "SnapshotNotRecognized";
        public const string MalformedJson = "SnapshotJsonMalformed";
        public const string UnsupportedSchemaVersion = "SnapshotSchemaVersionUnsupported";
        public const string UnreadableFile = "SnapshotFileUnreadable";
        public const string CollectionIncomplete = "SnapshotCollectionIncomplete";
    }

    /// <summary>A problem with one file of a snapshot. The rest of the snapshot is still read.</summary>
    public sealed class SnapshotIssue
    {
        public SnapshotIssue(string errorId, string file, string message, long? line = null, long? bytePositionInLine = null)
        {
            ErrorId = errorId;
            File = file;
            Message = message;
            Line = line;
            BytePositionInLine = bytePositionInLine;
        }

        public string ErrorId { get; }

        /// <summary>The file's path relative to the snapshot root, with forward slashes.</summary>
        public string File { get; }

        public string Message { get; }

        /// <summary>1-based line of a JSON fault, when known.</summary>
        public long? Line { get; }

        /// <summary>1-based byte position in that line, when known.</summary>
        public long? BytePositionInLine { get; }

        public override string ToString() => (Line.HasValue
            ? $"{File} (line {Line}, position {BytePositionInLine}): {Message}"
            : $"{File}: {Message}").TrimEnd('.');
    }

    /// <summary>Thrown for a snapshot that cannot be read at all (missing, not a snapshot, unknown schema).</summary>
    public sealed class SnapshotException : System.Exception
    {
        public SnapshotException(string errorId, string message, string path, System.Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Path = path;
        }

        public string ErrorId { get; }

        public string Path { get; }
    }
}
