using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json;
using ZeroTrustAI.Engine.Snapshot.Compact;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// The objects of one Microsoft Graph entity set (e.g. servicePrincipals), from one or more files. Large relation
    /// sets (app role assignments, delegated grants, owners) are held as compact records, every other set as the
    /// exact JSON bytes of each object; <see cref="Items"/> gives each object as a <see cref="JsonElement"/> either way,
    /// parsed when it is read (keep the element rather than reading the same index again in a loop).
    /// </summary>
    public sealed class GraphSet
    {
        private readonly List<string> _files = new List<string>();

        internal GraphSet(string name, StringTable strings)
        {
            Name = name;
            var schema = CompactSchemas.Find(name);
            if (schema != null)
            {
                Records = new RecordStore(schema, strings);
            }
            else
            {
                Objects = new JsonArena();
            }

            Items = new ElementList(this);
        }

        /// <summary>The set's name as in the file name: the request path after the version, '/' written '.'.</summary>
        public string Name { get; }

        public IReadOnlyList<JsonElement> Items { get; }

        /// <summary>The number of objects in the set.</summary>
        public int Count => Records?.Count ?? Objects!.Count;

        public IReadOnlyList<string> Files => _files;

        /// <summary>The compact records of a relation set; null for a set kept as JSON.</summary>
        internal RecordStore? Records { get; }

        /// <summary>The objects of a set kept as JSON; null for a relation set.</summary>
        internal JsonArena? Objects { get; }

        /// <summary>Adds one object given as its exact UTF-8 JSON bytes.</summary>
        internal void Add(ReadOnlySpan<byte> json)
        {
            if (Records != null)
            {
                Records.Add(json);
            }
            else
            {
                Objects!.Add(json);
            }
        }

        internal void AddFile(string file) => _files.Add(file);

        internal JsonElement ElementAt(int index) => Records != null ? Records.GetElement(index) : Objects!.Get(index);

        private sealed class ElementList : IReadOnlyList<JsonElement>
        {
            private readonly GraphSet _set;

            public ElementList(GraphSet set)
            {
                _set = set;
            }

            public int Count => _set.Count;

            public JsonElement this[int index] =>
                index >= 0 && index < _set.Count ? _set.ElementAt(index) : throw new ArgumentOutOfRangeException(nameof(index));

            public IEnumerator<JsonElement> GetEnumerator()
            {
                var count = _set.Count;
                for (var i = 0; i < count; i++)
                {
                    yield return _set.ElementAt(i);
                }
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
