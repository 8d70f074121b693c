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

        /// <summary>An object under arm/ with no id, and no type and name that determine one: it is not assessed.</summary>
        public const string ObjectNotPlaced = "SnapshotObjectNotPlaced";

        /// <summary>An object under arm/ without an id whose id the reader derived from its parent, type and name.</summary>
        public const string ResourceIdDerived = "SnapshotResourceIdDerived";
    }

    /// <summary>How much a snapshot issue weighs.</summary>
    public enum SnapshotIssueKind
    {
        /// <summary>Data could not be read: the controls that need it report Error.</summary>
        Error,

        /// <summary>One object could not be placed and is not assessed; the data of its type (when known) is incomplete.</summary>
        Warning,

        /// <summary>Read, with an assumption worth knowing (e.g. an id derived from type and name).</summary>
        Information,
    }

    /// <summary>A problem with one file of a snapshot. The rest of the snapshot is still read.</summary>
    public sealed class SnapshotIssue
    {
        public SnapshotIssue(string errorId, string file, string message, long? line = null, long? bytePositionInLine = null)
            : this(errorId, file, message, SnapshotIssueKind.Error, null, line, bytePositionInLine)
        {
        }

        public SnapshotIssue(string errorId, string file, string message, SnapshotIssueKind kind, string? resourceType, long? line = null, long? bytePositionInLine = null)
        {
            ErrorId = errorId;
            File = file;
            Message = message;
            Kind = kind;
            ResourceType = resourceType;
            Line = line;
            BytePositionInLine = bytePositionInLine;
        }

        public string ErrorId { get; }

        public SnapshotIssueKind Kind { get; }

        /// <summary>The Azure resource type the object declared, when it is known (its data set is then incomplete).</summary>
        public string? ResourceType { get; }

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
