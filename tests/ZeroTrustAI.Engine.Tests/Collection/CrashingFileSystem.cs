using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Engine.Tests.Collection;

/// <summary>The process "died": thrown by <see cref="CrashingFileSystem"/> at the chosen step and on every step after.</summary>
public sealed class SimulatedCrashException(string step) : IOException("Simulated crash at " + step)
{
    public string Step { get; } = step;
}

/// <summary>
/// The real file system with a numbered log of every operation that changes disk (create, write, flush, rename,
/// delete). With <see cref="CrashAt"/> set, that operation fails as if the process were killed there: a write
/// stops half way (a torn temporary file), and every later operation fails too, so no clean-up code can run.
/// </summary>
public sealed class CrashingFileSystem : ISnapshotFileSystem
{
    private readonly PhysicalSnapshotFileSystem _inner = PhysicalSnapshotFileSystem.Instance;

    /// <summary>The 1-based number of the operation that crashes; 0 never crashes.</summary>
    public int CrashAt { get; init; }

    public List<string> Steps { get; } = [];

    public bool Crashed { get; private set; }

    public bool FileExists(string path) => Alive(() => _inner.FileExists(path));

    public bool DirectoryExists(string path) => Alive(() => _inner.DirectoryExists(path));

    public void CreateDirectory(string path) => Step("mkdir " + Path.GetFileName(path), () => _inner.CreateDirectory(path));

    public IEnumerable<string> EnumerateEntries(string directory) => Alive(() => _inner.EnumerateEntries(directory).ToList());

    public Stream Create(string path)
    {
        Stream? created = null;
        Step("create " + Path.GetFileName(path), () => created = _inner.Create(path));
        return new CrashingStream(this, created!, Path.GetFileName(path));
    }

    public Stream OpenRead(string path) => Alive(() => _inner.OpenRead(path));

    /// <summary>A numbered step, but without a real fsync: a killed process (not a power cut) is simulated, and
    /// thousands of fsyncs would make the test slow.</summary>
    public void FlushToDisk(Stream stream) =>
        Step("fsync " + ((CrashingStream)stream).Name, () => ((CrashingStream)stream).Inner.Flush());

    public void MoveReplacing(string source, string destination) =>
        Step("rename " + Path.GetFileName(source) + " -> " + Path.GetFileName(destination), () => _inner.MoveReplacing(source, destination));

    public void DeleteFile(string path) => Step("delete " + Path.GetFileName(path), () => _inner.DeleteFile(path));

    public void DeleteDirectory(string path) => Step("rmdir " + Path.GetFileName(path), () => _inner.DeleteDirectory(path));

    private T Alive<T>(Func<T> operation)
    {
        if (Crashed)
        {
            throw new SimulatedCrashException("after the crash");
        }

        return operation();
    }

    /// <summary>Runs one numbered step, or crashes there; <paramref name="partial"/> runs instead when crashing (a torn write).</summary>
    internal void Step(string name, Action operation, Action? partial = null)
    {
        if (Crashed)
        {
            throw new SimulatedCrashException("after the crash");
        }

        Steps.Add(name);
        if (Steps.Count == CrashAt)
        {
            Crashed = true;
            partial?.Invoke();
            throw new SimulatedCrashException(name);
        }

        operation();
    }

    private sealed class CrashingStream(CrashingFileSystem owner, Stream inner, string name) : Stream
    {
        public Stream Inner { get; } = inner;

        public string Name { get; } = name;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Inner.Length;

        public override long Position { get => Inner.Position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
            if (!owner.Crashed)
            {
                Inner.Flush();
            }
        }

        public override void Write(byte[] buffer, int offset, int count) =>
            owner.Step("write " + Name, () => Inner.Write(buffer, offset, count), () =>
            {
                // Half the bytes reach the file: the page is torn.
                Inner.Write(buffer, offset, count / 2);
                Inner.Flush();
            });

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // A killed process's handles are closed by the OS; the bytes written so far stay.
                Inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
