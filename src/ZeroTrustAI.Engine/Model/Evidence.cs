namespace ZeroTrustAI.Engine.Model
{
    /// <summary>One property that a control read: where it was, what was found and what was expected.</summary>
    public sealed class Evidence
    {
        public Evidence(string path, string? actual, string expected)
        {
            Path = path;
            Actual = actual;
            Expected = expected;
        }

        /// <summary>The property path checked, e.g. <c>properties.disableLocalAuth</c>.</summary>
        public string Path { get; }

        /// <summary>The value found, as JSON text; null when the property is absent.</summary>
        public string? Actual { get; }

        /// <summary>What would pass, in words or JSON.</summary>
        public string Expected { get; }

        public override string ToString() => $"{Path} = {Actual ?? "(absent)"} (expected {Expected})";
    }
}
