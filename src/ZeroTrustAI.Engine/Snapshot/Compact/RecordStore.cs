using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// The shape of a Graph relation kept as compact records: its string properties in the order the collector
    /// writes them, and which one is the record's own unique id (not worth interning).
    /// </summary>
    internal sealed class RecordSchema
    {
        /// <param name="uniqueField">The property unique per record (its id), or null when ids repeat (owners).</param>
        /// <param name="fields">The string properties, in the order a record is written back.</param>
        public RecordSchema(string? uniqueField, params string[] fields)
            : this(uniqueField, Array.Empty<string>(), fields)
        {
        }

        /// <param name="uniqueField">The property unique per record (its id), or null when ids repeat (owners).</param>
        /// <param name="dateFields">Properties holding a timestamp (<see cref="CompactDate"/>), kept as a number rather than interned.</param>
        /// <param name="fields">The string properties, in the order a record is written back.</param>
        public RecordSchema(string? uniqueField, string[] dateFields, params string[] fields)
            : this(uniqueField, dateFields, Array.Empty<string>(), fields)
        {
        }

        /// <param name="uniqueField">The property unique per record (its id), or null when ids repeat (owners).</param>
        /// <param name="dateFields">Properties holding a timestamp (<see cref="CompactDate"/>), kept as a number rather than interned.</param>
        /// <param name="idParts">The properties whose GUIDs Graph builds the id from, 16 bytes each in order (see <see cref="IIdParts"/>).</param>
        /// <param name="fields">The string properties, in the order a record is written back.</param>
        public RecordSchema(string? uniqueField, string[] dateFields, string[] idParts, params string[] fields)
            : this(uniqueField, dateFields, idParts, Array.Empty<(string, string)>(), fields)
        {
        }

        /// <param name="uniqueField">The property unique per record (its id), or null when ids repeat (owners).</param>
        /// <param name="dateFields">Properties holding a timestamp (<see cref="CompactDate"/>), kept as a number rather than interned.</param>
        /// <param name="idParts">The properties whose GUIDs Graph builds the id from, 16 bytes each in order (see <see cref="IIdParts"/>).</param>
        /// <param name="followers">
        /// (follower, leader) pairs: a property whose value is nearly always the same for the same value of another
        /// (an assignment's resourceDisplayName for its resourceId), kept only where it differs from the first seen.
        /// </param>
        /// <param name="fields">The string properties, in the order a record is written back.</param>
        public RecordSchema(string? uniqueField, string[] dateFields, string[] idParts, (string Follower, string Leader)[] followers, params string[] fields)
        {
            Fields = fields;
            Leader = new int[fields.Length];
            for (var field = 0; field < fields.Length; field++)
            {
                Leader[field] = -1;
            }

            foreach (var (follower, leader) in followers)
            {
                Leader[Array.IndexOf(fields, follower)] = Array.IndexOf(fields, leader);
            }

            IdParts = Array.ConvertAll(idParts, part => Array.IndexOf(fields, part));
            UniqueIndex = uniqueField == null ? -1 : Array.IndexOf(fields, uniqueField);
            Utf8Names = Array.ConvertAll(fields, Encoding.UTF8.GetBytes);
            IsDate = Array.ConvertAll(fields, f => Array.IndexOf(dateFields, f) >= 0);
        }

        public IReadOnlyList<string> Fields { get; }

        public int UniqueIndex { get; }

        /// <summary>Per 16 bytes of the id, the field whose GUID they may repeat.</summary>
        internal int[] IdParts { get; }

        internal byte[][] Utf8Names { get; }

        /// <summary>Per field: a timestamp kept as a number.</summary>
        internal bool[] IsDate { get; }

        /// <summary>Per field: the field it follows (see the constructor's followers), or -1.</summary>
        internal int[] Leader { get; }

        public int IndexOf(string field) => Array.IndexOf((string[])Fields, field);
    }

    /// <summary>
    /// A large Graph relation (app role assignments, delegated grants, owners) as compact records: a column per
    /// property (<see cref="StringTable"/> handles, or dates as numbers), kept as runs where consecutive records repeat
    /// (<see cref="RunLengthColumn{T}"/>), and the unique id in at most 49 bytes (<see cref="UniqueIdStore"/>: the parts it shares with the record's GUIDs are not stored twice), instead of a JSON document per object. An object with anything the schema does not describe (another property, a non-string value, an
    /// escaped string) also keeps its original bytes, so it reads back unchanged; a record written back from its
    /// fields has the schema's property order and no insignificant whitespace.
    /// </summary>
    internal sealed class RecordStore : IIdParts
    {
        private readonly StringTable _strings;
        private readonly UniqueIdStore _ids;

        // The record's id as read, set once the record's other fields are stored (an id may repeat their GUIDs).
        private const int IdBytes = 64;
        private readonly byte[] _idScratch = new byte[IdBytes];
        private const int IdMissing = 0;
        private const int IdNull = 1;
        private const int IdUtf8 = 2;
        private const int IdText = 3;
        private int _idState;
        private int _idLength;
        private string? _idText;
        private readonly Dictionary<int, int> _rawIndex = new Dictionary<int, int>();
        // Records kept as JSON that name a schema property twice: their JSON (last one wins) may disagree with the fields.
        private readonly HashSet<int> _repeatsField = new HashSet<int>();
        private readonly bool[] _seen;

        // Each field's previous value (its UTF-8 bytes, when short) and handle: consecutive records repeat values (a
        // principal's assignments, one resource's name), and comparing bytes costs less than decoding and interning.
        private const int RepeatBytes = 64;
        private readonly byte[][] _lastValue;
        private readonly int[] _lastLength;
        private readonly int[] _lastHandle;
        private readonly JsonArena _raw = new JsonArena();
        private readonly int _width;

        // A column of handles per interned field (not the unique one, which has its own store, nor the dates) and a
        // column of numbers per date; _column maps a field to its column in either.
        private readonly RunLengthColumn<int>[] _handles;
        private readonly RunLengthColumn<long>[] _dates;
        private readonly int[] _column;
        private readonly int[] _scratch;
        private readonly long[] _dateScratch;

        // Per follower field, its first value for each handle of its leader; the column then holds AsUsual where a
        // record says the same (ten million assignments name their resource as its first assignment did). Written only
        // while records are added, which the reader finishes before anything reads the store.
        private const int AsUsual = -3;
        private readonly Dictionary<int, int>?[] _usual;

        public RecordStore(RecordSchema schema, StringTable strings)
        {
            Schema = schema;
            _strings = strings;
            _ids = new UniqueIdStore(schema.IdParts.Length > 0 ? this : null);
            _width = schema.Fields.Count;
            _column = new int[_width];
            var handleColumns = 0;
            var dateColumns = 0;
            for (var field = 0; field < _width; field++)
            {
                _column[field] = field == schema.UniqueIndex ? -1 : schema.IsDate[field] ? dateColumns++ : handleColumns++;
            }

            _handles = new RunLengthColumn<int>[handleColumns];
            for (var column = 0; column < handleColumns; column++)
            {
                _handles[column] = new RunLengthColumn<int>();
            }

            _dates = new RunLengthColumn<long>[dateColumns];
            for (var column = 0; column < dateColumns; column++)
            {
                _dates[column] = new RunLengthColumn<long>();
            }

            _usual = new Dictionary<int, int>?[_width];
            for (var field = 0; field < _width; field++)
            {
                if (schema.Leader[field] >= 0)
                {
                    _usual[field] = new Dictionary<int, int>();
                }
            }

            _scratch = new int[_width];
            _dateScratch = new long[_width];
            _seen = new bool[_width];
            _lastValue = new byte[_width][];
            _lastLength = new int[_width];
            _lastHandle = new int[_width];
            for (var field = 0; field < _width; field++)
            {
                _lastValue[field] = new byte[RepeatBytes];
                _lastLength[field] = -1;
            }
        }

        public RecordSchema Schema { get; }

        public StringTable Strings => _strings;

        public int Count { get; private set; }

        /// <summary>Adds one JSON object given as its exact UTF-8 bytes; returns the record's index.</summary>
        public int Add(ReadOnlySpan<byte> json)
        {
            var record = Count;
            var handles = _scratch;
            var dates = _dateScratch;
            for (var i = 0; i < handles.Length; i++)
            {
                handles[i] = StringTable.Missing;
                dates[i] = CompactDate.Missing;
                _seen[i] = false;
            }

            var repeats = false;

            var exact = true;
            var idSet = Schema.UniqueIndex < 0;
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = FieldOf(ref reader);
                if (field >= 0)
                {
                    repeats |= _seen[field];
                    _seen[field] = true;
                }

                reader.Read();
                if (field < 0 || (reader.TokenType != JsonTokenType.String && reader.TokenType != JsonTokenType.Null))
                {
                    exact = false;
                    if (field >= 0 && reader.TokenType == JsonTokenType.String && !Schema.IsDate[field])
                    {
                        Store(ref reader, field, handles, ref idSet, record);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    continue;
                }

                if (Schema.IsDate[field])
                {
                    // Another form of date (an offset, lower-case letters, escapes) stays in the record's JSON.
                    if (dates[field] == CompactDate.Missing)
                    {
                        if (reader.TokenType == JsonTokenType.Null)
                        {
                            dates[field] = CompactDate.Null;
                        }
                        else if (reader.ValueIsEscaped || !CompactDate.TryEncode(reader.ValueSpan, out dates[field]))
                        {
                            exact = false;
                        }
                    }

                    continue;
                }

                if (reader.TokenType == JsonTokenType.Null)
                {
                    handles[field] = StringTable.Null;
                    if (field == Schema.UniqueIndex)
                    {
                        _idState = IdNull;
                        idSet = true;
                    }

                    continue;
                }

                exact &= !reader.ValueIsEscaped;
                Store(ref reader, field, handles, ref idSet, record);
            }

            for (var field = 0; field < _width; field++)
            {
                if (field == Schema.UniqueIndex)
                {
                    continue;
                }

                if (Schema.IsDate[field])
                {
                    _dates[_column[field]].Add(dates[field]);
                }
                else
                {
                    _handles[_column[field]].Add(_usual[field] is Dictionary<int, int> usual ? AsUsualOr(usual, handles[Schema.Leader[field]], handles[field]) : handles[field]);
                }
            }

            if (Schema.UniqueIndex >= 0)
            {
                SetId(record);
            }

            if (!exact)
            {
                _rawIndex[record] = _raw.Add(json);
                if (repeats)
                {
                    _repeatsField.Add(record);
                }
            }

            Count++;
            return record;
        }

        /// <summary>The handle of an interned field of a record (for the unique field, use <see cref="Id"/>; dates have none).</summary>
        public int Handle(int record, int field)
        {
            if (field == Schema.UniqueIndex || Schema.IsDate[field])
            {
                return StringTable.Missing;
            }

            var handle = _handles[_column[field]][record];
            return handle == AsUsual ? _usual[field]![Handle(record, Schema.Leader[field])] : handle;
        }

        /// <summary>What a follower's column holds: AsUsual when the value is the first one seen with its leader's.</summary>
        private static int AsUsualOr(Dictionary<int, int> usual, int leader, int handle)
        {
            if (!usual.TryGetValue(leader, out var first))
            {
                usual.Add(leader, handle);
                return AsUsual;
            }

            return first == handle ? AsUsual : handle;
        }

        /// <summary>The string value of a field, null when absent, null or not a string.</summary>
        public string? Get(int record, int field) =>
            field == Schema.UniqueIndex ? _ids.Get(record)
            : Schema.IsDate[field] ? CompactDate.Decode(Date(record, field))
            : _strings.Get(Handle(record, field));

        private long Date(int record, int field) => _dates[_column[field]][record];

        /// <summary>The field was read into the record (a string or null), not left to its JSON.</summary>
        private bool IsStored(int record, int field) =>
            field == Schema.UniqueIndex ? !_ids.IsMissing(record)
            : Schema.IsDate[field] ? Date(record, field) != CompactDate.Missing
            : Handle(record, field) != StringTable.Missing;

        public string? Id(int record) => Schema.UniqueIndex < 0 ? null : _ids.Get(record);

        /// <summary>
        /// A field as <c>GetElement(record).GetString(name)</c> reads it, from the stored fields whenever they say the
        /// same: always for a record kept as fields; for one kept as JSON (it has other properties) when the property
        /// was there once, under its exact name, as a string or null. Otherwise (another case, a number, a repeat)
        /// from the JSON.
        /// </summary>
        public string? GetString(int record, int field)
        {
            if (!_rawIndex.TryGetValue(record, out var raw))
            {
                return Get(record, field);
            }

            return IsStored(record, field) && !_repeatsField.Contains(record) ? Get(record, field) : _raw.Get(raw).GetString(Schema.Fields[field]);
        }

        /// <summary>The record keeps its JSON (it has something the schema does not describe).</summary>
        internal bool KeepsJson(int record) => _rawIndex.ContainsKey(record);

        /// <summary>The id store's part blocks (see <see cref="UniqueIdStore.PartBlocks"/>).</summary>
        internal int IdPartBlocks => _ids.PartBlocks;

        public bool HasId(int record) => Schema.UniqueIndex >= 0 && !_ids.IsMissing(record);

        public bool SameId(int left, int right) => Schema.UniqueIndex >= 0 && _ids.SameId(left, right);

        /// <summary>The record as a JSON object: its original bytes when kept, else written from the record.</summary>
        public JsonElement GetElement(int record)
        {
            if (_rawIndex.TryGetValue(record, out var raw))
            {
                return _raw.Get(raw);
            }

            // A string stored here had no escapes in the file, so the relaxed encoder writes it back as it was (&, <, é as such).
            using (var scratch = JsonScratch.Rent(relaxedEscaping: true))
            {
                var writer = scratch.Writer;
                writer.WriteStartObject();
                for (var field = 0; field < _width; field++)
                {
                    if (field == Schema.UniqueIndex)
                    {
                        _ids.Write(writer, Schema.Fields[field], record);
                    }
                    else if (Schema.IsDate[field])
                    {
                        WriteDate(writer, Schema.Fields[field], Date(record, field));
                    }
                    else
                    {
                        _strings.WriteValue(writer, Schema.Fields[field], Handle(record, field));
                    }
                }

                writer.WriteEndObject();
                return JsonDocument.Parse(scratch.ToBytes()).RootElement;
            }
        }

        private static void WriteDate(Utf8JsonWriter writer, string name, long date)
        {
            if (date == CompactDate.Null)
            {
                writer.WriteNull(name);
            }
            else if (date != CompactDate.Missing)
            {
                writer.WriteString(name, CompactDate.Decode(date));
            }
        }

        private void SetId(int record)
        {
            switch (_idState)
            {
                case IdUtf8:
                    _ids.Set(record, new ReadOnlySpan<byte>(_idScratch, 0, _idLength), isNull: false, isMissing: false);
                    break;
                case IdText:
                    _ids.SetText(record, _idText);
                    break;
                default:
                    _ids.Set(record, default, isNull: _idState == IdNull, isMissing: _idState == IdMissing);
                    break;
            }

            _idState = IdMissing;
            _idText = null;
        }

        bool IIdParts.TryGetPart(int record, int part, out Guid guid)
        {
            guid = default;
            var parts = Schema.IdParts;
            return part < parts.Length && parts[part] >= 0 && _strings.TryGetGuid(Handle(record, parts[part]), out guid);
        }

        private void Store(ref Utf8JsonReader reader, int field, int[] handles, ref bool idSet, int record)
        {
            if (field == Schema.UniqueIndex)
            {
                if (idSet)
                {
                    return;
                }

                if (reader.ValueIsEscaped || reader.ValueSpan.Length > IdBytes)
                {
                    _idText = reader.GetString();
                    _idState = IdText;
                }
                else
                {
                    reader.ValueSpan.CopyTo(_idScratch);
                    _idLength = reader.ValueSpan.Length;
                    _idState = IdUtf8;
                }

                idSet = true;
                return;
            }

            if (handles[field] == StringTable.Missing)
            {
                handles[field] = reader.ValueIsEscaped ? _strings.Intern(reader.GetString()) : InternRepeating(field, reader.ValueSpan);
            }
        }

        /// <summary>Interns an unescaped value, reusing the field's previous handle when the bytes are the same.</summary>
        private int InternRepeating(int field, ReadOnlySpan<byte> utf8)
        {
            var last = _lastValue[field];
            if (_lastLength[field] == utf8.Length && utf8.SequenceEqual(new ReadOnlySpan<byte>(last, 0, utf8.Length)))
            {
                return _lastHandle[field];
            }

            var handle = _strings.Intern(utf8);
            if (utf8.Length <= RepeatBytes)
            {
                utf8.CopyTo(last);
                _lastLength[field] = utf8.Length;
                _lastHandle[field] = handle;
            }
            else
            {
                _lastLength[field] = -1;
            }

            return handle;
        }

        private int FieldOf(ref Utf8JsonReader reader)
        {
            var names = Schema.Utf8Names;
            for (var i = 0; i < names.Length; i++)
            {
                if (reader.ValueTextEquals(names[i]))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
