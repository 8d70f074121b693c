using System.Collections.Generic;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>The objects of one Microsoft Graph entity set (e.g. servicePrincipals), from one or more files.</summary>
    public sealed class GraphSet
    {
        private readonly List<JsonElement> _items = new List<JsonElement>();
        private readonly List<string> _files = new List<string>();

        internal GraphSet(string name)
        {
            Name = name;
        }

        /// <summary>The set's name as in the file name: the request path after the version, '/' written '.'.</summary>
        public string Name { get; }

        public IReadOnlyList<JsonElement> Items => _items;

        /// <summary>The number of objects in the set.</summary>
        public int Count => _items.Count;

        public IReadOnlyList<string> Files => _files;

        internal void Add(JsonElement item) => _items.Add(item);

        internal void AddFile(string file) => _files.Add(file);
    }
}
