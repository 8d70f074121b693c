using System;
using System.Buffers;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// Reads the objects of one snapshot file without loading the file as a whole: the file is read in chunks and
    /// only one object (or one page of a top-level array of pages) is materialised at a time.
    /// Accepts every shape the snapshot contract lists: a Graph page, an array of pages, a bare array,
    /// a Resource Graph response (<c>data</c>), an ARM list (<c>value</c>), JSON Lines, and a single object.
    /// </summary>
    internal sealed class JsonObjectStream
    {
        private const int InitialBufferSize = 64 * 1024;
        private static readonly byte[] ValueName = System.Text.Encoding.UTF8.GetBytes("value");
        private static readonly byte[] DataName = System.Text.Encoding.UTF8.GetBytes("data");

        private readonly Func<Stream> _open;
        private readonly bool _jsonLines;
        private readonly Action<JsonElement>? _onObject;
        private readonly RawObjectHandler? _onRaw;
        private readonly CancellationToken _cancellationToken;

        private Phase _phase = Phase.Root;
        private bool _rootObjectHadList;
        private bool _wasRootObject;
        private bool _objectsKept;

        private JsonObjectStream(Func<Stream> open, bool jsonLines, Action<JsonElement>? onObject, RawObjectHandler? onRaw, CancellationToken cancellationToken)
        {
            _open = open;
            _jsonLines = jsonLines;
            _onObject = onObject;
            _onRaw = onRaw;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Receives one object as its exact UTF-8 bytes, valid only during the call.</summary>
        public delegate void RawObjectHandler(ReadOnlySpan<byte> json);

        private enum Phase
        {
            Root,
            TopArrayItems,
            RootObjectProperties,
            ListItems,
            AfterRoot,
        }

        /// <summary>
        /// Streams every object in the file to <paramref name="onObject"/>. An element is valid only during the call
        /// (its document is reused): keep its bytes or <see cref="JsonElement.Clone"/> it. Throws <see cref="JsonException"/>
        /// (with line and byte position) for malformed JSON; objects before the fault have already been delivered.
        /// </summary>
        public static void Read(Func<Stream> open, bool jsonLines, Action<JsonElement> onObject, CancellationToken cancellationToken) =>
            Read(open, jsonLines, onObject, objectsKept: false, cancellationToken);

        /// <summary>
        /// As <see cref="Read(Func{Stream}, bool, Action{JsonElement}, CancellationToken)"/>; with
        /// <paramref name="objectsKept"/>, for a caller that keeps most objects, each is parsed into a document of its own
        /// that is never reused, so the element stays valid and <see cref="JsonElement.Clone"/> gives it back as it is.
        /// A pooled document that is cloned copies every object's bytes and index twice more (Azure resources: a third of
        /// reading them was that copying and the collections it caused).
        /// </summary>
        public static void Read(Func<Stream> open, bool jsonLines, Action<JsonElement> onObject, bool objectsKept, CancellationToken cancellationToken)
        {
            new JsonObjectStream(open, jsonLines, onObject, null, cancellationToken) { _objectsKept = objectsKept }.Run();
        }

        /// <summary>
        /// As <see cref="Read(Func{Stream}, bool, Action{JsonElement}, CancellationToken)"/>, but gives each object as its bytes: an object is only scanned, not parsed into a
        /// document, unless it is a page whose list must be taken apart.
        /// </summary>
        public static void ReadRaw(Func<Stream> open, bool jsonLines, RawObjectHandler onObject, CancellationToken cancellationToken)
        {
            new JsonObjectStream(open, jsonLines, null, onObject, cancellationToken).Run();
        }

        private void Run()
        {
            var options = new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                AllowMultipleValues = _jsonLines,
            };
            var state = new JsonReaderState(options);
            var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
            var length = 0;
            var isFinal = false;
            var sawAnyToken = false;
            try
            {
                using (var stream = _open())
                {
                    while (true)
                    {
                        _cancellationToken.ThrowIfCancellationRequested();
                        if (!isFinal && length < buffer.Length)
                        {
                            var read = stream.Read(buffer, length, buffer.Length - length);
                            if (read == 0)
                            {
                                isFinal = true;
                            }

                            length += read;
                        }

                        var consumed = Process(new ReadOnlySpan<byte>(buffer, 0, length), isFinal, ref state, ref sawAnyToken);
                        if (isFinal)
                        {
                            break;
                        }

                        if (consumed == 0 && length == buffer.Length)
                        {
                            // One value is larger than the buffer: grow it rather than fail.
                            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                            Buffer.BlockCopy(buffer, 0, larger, 0, length);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }
                        else if (consumed > 0)
                        {
                            Buffer.BlockCopy(buffer, (int)consumed, buffer, 0, length - (int)consumed);
                            length -= (int)consumed;
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (!sawAnyToken && !_jsonLines)
            {
                throw new JsonException("The file is empty; expected a JSON object or array.", null, 0, 0);
            }

            if (_phase == Phase.AfterRoot && !_rootObjectHadList && !_jsonLines && _wasRootObject)
            {
                // A root object without "value" or "data" is one object (e.g. az resource show). Objects are small,
                // so it is parsed once more as a whole.
                using (var stream = _open())
                using (var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
                {
                    Deliver(document.RootElement);
                }
            }
            else if (_phase != Phase.AfterRoot && !(_jsonLines && _phase == Phase.Root))
            {
                throw new JsonException("The file ends before its JSON is complete.", null, null, null);
            }
        }

        private long Process(ReadOnlySpan<byte> data, bool isFinal, ref JsonReaderState state, ref bool sawAnyToken)
        {
            var reader = new Utf8JsonReader(data, isFinal, state);
            while (true)
            {
                var before = reader.CurrentState;
                var beforeConsumed = reader.BytesConsumed;
                if (!reader.Read())
                {
                    state = reader.CurrentState;
                    return reader.BytesConsumed;
                }

                sawAnyToken = true;
                switch (_phase)
                {
                    case Phase.Root:
                    case Phase.AfterRoot when _jsonLines:
                        if (_jsonLines)
                        {
                            if (!TryDeliverValue(ref reader, data, unwrapLists: true))
                            {
                                state = before;
                                return beforeConsumed;
                            }

                            _phase = Phase.AfterRoot;
                        }
                        else if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            _phase = Phase.TopArrayItems;
                        }
                        else if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            _wasRootObject = true;
                            _phase = Phase.RootObjectProperties;
                        }
                        else
                        {
                            throw new JsonException($"Expected a JSON object or array, found {reader.TokenType}.", null, null, null);
                        }

                        break;

                    case Phase.TopArrayItems:
                    case Phase.ListItems:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            _phase = _phase == Phase.TopArrayItems ? Phase.AfterRoot : Phase.RootObjectProperties;
                            break;
                        }

                        // Elements of a top-level array may be pages ({"value":[...]}); elements of a list are objects.
                        if (!TryDeliverValue(ref reader, data, unwrapLists: _phase == Phase.TopArrayItems))
                        {
                            state = before;
                            return beforeConsumed;
                        }

                        break;

                    case Phase.RootObjectProperties:
                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            _phase = Phase.AfterRoot;
                            break;
                        }

                        var name = reader.GetString();
                        if (!reader.Read())
                        {
                            state = before;
                            return beforeConsumed;
                        }

                        if (reader.TokenType == JsonTokenType.StartArray && IsListProperty(name))
                        {
                            _rootObjectHadList = true;
                            _phase = Phase.ListItems;
                        }
                        else if ((reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray) && !reader.TrySkip())
                        {
                            state = before;
                            return beforeConsumed;
                        }

                        break;

                    case Phase.AfterRoot:
                        throw new JsonException($"Unexpected {reader.TokenType} after the end of the JSON value.", null, null, null);
                }
            }
        }

        private static bool IsListProperty(string? name) =>
            string.Equals(name, "value", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(name, "data", StringComparison.OrdinalIgnoreCase);

        private bool TryDeliverValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, bool unwrapLists)
        {
            if (_onRaw != null && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                var probe = reader;
                if (!TryScanObject(ref probe, unwrapLists, out var isPage))
                {
                    return false;
                }

                if (!isPage)
                {
                    _onRaw(data.Slice(start, (int)probe.BytesConsumed - start));
                    reader = probe;
                    return true;
                }
            }

            JsonDocument? pooled = null;
            JsonElement root;
            if (_objectsKept)
            {
                if (!JsonElement.TryParseValue(ref reader, out var parsed) || parsed is null)
                {
                    return false;
                }

                root = parsed.Value;
            }
            else
            {
                if (!JsonDocument.TryParseValue(ref reader, out pooled) || pooled is null)
                {
                    return false;
                }

                root = pooled.RootElement;
            }

            using (pooled)
            {
                if (root.ValueKind != JsonValueKind.Object)
                {
                    // Nulls or scalars inside a list carry nothing to evaluate.
                    return true;
                }

                if (unwrapLists && TryGetList(root, out var list))
                {
                    foreach (var item in list.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object)
                        {
                            Deliver(item);
                        }
                    }
                }
                else
                {
                    Deliver(root);
                }
            }

            return true;
        }

        private void Deliver(JsonElement item)
        {
            if (_onRaw != null)
            {
                _onRaw(JsonMarshal.GetRawUtf8Value(item));
            }
            else
            {
                _onObject!(item);
            }
        }

        /// <summary>
        /// Moves past the object at the reader (false when the buffer ends first) and tells whether it is a page: an
        /// object with a "value" or "data" array, when pages are expected here.
        /// </summary>
        private static bool TryScanObject(ref Utf8JsonReader reader, bool pagesExpected, out bool isPage)
        {
            isPage = false;
            var depth = reader.CurrentDepth;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth)
                {
                    return true;
                }

                if (pagesExpected && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1
                    && (reader.ValueTextEquals(ValueName) || reader.ValueTextEquals(DataName)))
                {
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        // The document path takes the page apart; no need to scan further.
                        isPage = true;
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool TryGetList(JsonElement page, out JsonElement list)
        {
            foreach (var property in page.EnumerateObject())
            {
                if ((property.NameIs("value") || property.NameIs("data")) && property.Value.ValueKind == JsonValueKind.Array)
                {
                    list = property.Value;
                    return true;
                }
            }

            list = default;
            return false;
        }
    }
}
