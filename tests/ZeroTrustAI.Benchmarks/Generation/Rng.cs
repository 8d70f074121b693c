namespace ZeroTrustAI.Benchmarks.Generation;

/// <summary>
/// SplitMix64: a tiny generator whose output depends only on the seed, so a tenant generated on any machine and any
/// .NET version has the same bytes (System.Random's algorithm is an implementation detail).
/// </summary>
public sealed class Rng
{
    private ulong _state;

    public Rng(ulong seed, string stream)
    {
        // Each stream (one per set) gets its own sequence, so adding a set never changes the others.
        _state = seed;
        foreach (var c in stream)
        {
            _state = Mix(_state ^ c);
        }
    }

    public ulong Next() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>0 &lt;= value &lt; max.</summary>
    public int Below(int max) => (int)(Next() % (ulong)max);

    /// <summary>0 &lt;= value &lt; 1.</summary>
    public double Unit() => (Next() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => Unit() < probability;

    /// <summary>A standard normal value (Box-Muller).</summary>
    public double Normal() => Math.Sqrt(-2.0 * Math.Log(1.0 - Unit())) * Math.Cos(2.0 * Math.PI * Unit());

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    /// <summary>A random (version 4) GUID.</summary>
    public string NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, Next());
        BitConverter.TryWriteBytes(bytes[8..], Next());
        return FormatGuid(bytes);
    }

    /// <summary>The GUID of object <paramref name="index"/> of a kind: a pure function, so ids can be referred to before they are written.</summary>
    public static string IdOf(ulong seed, string kind, long index)
    {
        var state = seed;
        foreach (var c in kind)
        {
            state = Mix(state ^ c);
        }

        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, Mix(state ^ (ulong)index));
        BitConverter.TryWriteBytes(bytes[8..], Mix(Mix(state ^ (ulong)index) ^ 0x5851F42D4C957F2DUL));
        return FormatGuid(bytes);
    }

    private static string FormatGuid(Span<byte> bytes)
    {
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new System.Guid(bytes).ToString("D");
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
