using System.Text.Json;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// One record of a <see cref="RecordStore"/>: its properties read as <see cref="JsonElementExtensions.GetString"/>
    /// reads them from its JSON, without building that JSON when the schema holds the property.
    /// </summary>
    internal readonly struct CompactRecord
    {
        public CompactRecord(RecordStore store, int record)
        {
            Store = store;
            Record = record;
        }

        public RecordStore Store { get; }

        public int Record { get; }

        /// <summary>The record as JSON (built on each call: keep what a caller reads twice).</summary>
        public JsonElement ToElement() => Store.GetElement(Record);

        public string? GetString(string property)
        {
            var field = Store.Schema.IndexOf(property);
            return field >= 0 ? Store.GetString(Record, field) : ToElement().GetString(property);
        }
    }
}
