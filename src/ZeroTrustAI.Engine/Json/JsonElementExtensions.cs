using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Json
{
    /// <summary>
    /// Case-insensitive navigation over snapshot JSON. Snapshots mix ARM camelCase, Get-AzResource PascalCase and
    /// Resource Graph rows, so every lookup ignores case. Paths are dotted ("properties.networkAcls.defaultAction");
    /// property names that themselves contain dots ("@odata.type") are found too.
    /// </summary>
    public static class JsonElementExtensions
    {
        /// <summary>Finds a direct property by name, ignoring case (exact match first, as it is the common case).</summary>
        public static bool TryGetPropertyIgnoreCase(this JsonElement element, string name, out JsonElement value) =>
            TryGetPropertyIgnoreCase(element, name.AsSpan(), out value);

        private static bool TryGetPropertyIgnoreCase(JsonElement element, ReadOnlySpan<char> name, out JsonElement value)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty(name, out value))
                {
                    return true;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (NameEqualsIgnoreCase(property, name))
                    {
                        value = property.Value;
                        return true;
                    }
                }
            }

            value = default;
            return false;
        }

        // JsonMarshal.GetRawUtf8PropertyName is newer than JsonMarshal itself: a PowerShell 7 whose runtime's
        // System.Text.Json lacks it compares names as strings.
        private static readonly bool RawNamesReadable =
            typeof(JsonProperty).Assembly.GetType("System.Runtime.InteropServices.JsonMarshal")?.GetMethod("GetRawUtf8PropertyName", new[] { typeof(JsonProperty) }) != null;

        /// <summary><c>string.Equals(property.Name, name, OrdinalIgnoreCase)</c>, without making a string of the name where the runtime allows.</summary>
        internal static bool NameIs(this JsonProperty property, string name) => NameEqualsIgnoreCase(property, name.AsSpan());

        /// <summary><c>string.Equals(property.Name, name, OrdinalIgnoreCase)</c>, without making a string of the name where the runtime allows.</summary>
        private static bool NameEqualsIgnoreCase(JsonProperty property, ReadOnlySpan<char> name) =>
            RawNamesReadable ? RawNameEqualsIgnoreCase(property, name) : property.Name.AsSpan().Equals(name, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// An unescaped ASCII name is compared in its UTF-8 bytes (ASCII case folding is what ordinal ignore-case does
        /// there); any other name is compared as a string. Kept apart so that it is only compiled where the API exists.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static bool RawNameEqualsIgnoreCase(JsonProperty property, ReadOnlySpan<char> name)
        {
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property);
            if (raw.Length != name.Length)
            {
                // An ASCII name has as many bytes as chars: a name of another length is not equal unless it is escaped or not ASCII.
                return !IsPlainAscii(raw) && property.Name.AsSpan().Equals(name, StringComparison.OrdinalIgnoreCase);
            }

            for (var i = 0; i < raw.Length; i++)
            {
                var b = raw[i];
                var c = name[i];
                if (b >= 0x80 || b == '\\' || c >= 0x80)
                {
                    return property.Name.AsSpan().Equals(name, StringComparison.OrdinalIgnoreCase);
                }

                if (b != c && ((b | 0x20) != (c | 0x20) || !IsAsciiLetter(b)))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

        private static bool IsPlainAscii(ReadOnlySpan<byte> utf8)
        {
            foreach (var b in utf8)
            {
                if (b >= 0x80 || b == '\\')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Resolves a dotted path; returns null when any step is absent or the value is JSON null.</summary>
        public static JsonElement? Get(this JsonElement element, string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return element;
            }

            return Resolve(element, path, 0);
        }

        /// <summary>
        /// Resolves the rest of a dotted path, from <paramref name="start"/> (past its end: nothing left). Names are
        /// slices of the path, so a lookup allocates nothing.
        /// </summary>
        /// <remarks>
        /// One pass over the object's properties finds every name the rest of the path can begin with: the next segment,
        /// or a longer name with dots in it ("@odata.type"). The longest is followed first and a shorter one only when
        /// the longer leads nowhere. Among names of one length, one in the path's own case wins (the last such, as
        /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> finds), else the first that differs in case.
        /// </remarks>
        private static JsonElement? Resolve(JsonElement current, string path, int start)
        {
            if (start > path.Length)
            {
                return current.ValueKind == JsonValueKind.Null || current.ValueKind == JsonValueKind.Undefined ? null : current;
            }

            if (current.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // Almost always one candidate: kept in locals; a second length (a dotted name) is rare and goes in a list.
            var bestEnd = -1;
            var bestExact = false;
            JsonElement best = default;
            List<(int End, bool Exact, JsonElement Value)>? others = null;
            foreach (var property in current.EnumerateObject())
            {
                var end = MatchedEnd(property, path, start, out var exact);
                if (end < 0)
                {
                    continue;
                }

                if (bestEnd < 0 || end == bestEnd)
                {
                    if (bestEnd < 0 || exact)
                    {
                        best = property.Value;
                        bestExact = exact;
                    }

                    bestEnd = end;
                    continue;
                }

                others ??= new List<(int, bool, JsonElement)>();
                others.Add((end, exact, property.Value));
            }

            if (bestEnd < 0)
            {
                return null;
            }

            if (others == null)
            {
                return Resolve(best, path, bestEnd + 1);
            }

            others.Add((bestEnd, bestExact, best));
            foreach (var end in others.Select(o => o.End).Distinct().OrderByDescending(e => e))
            {
                var sameLength = others.Where(o => o.End == end).ToList();
                var chosen = sameLength.LastOrDefault(o => o.Exact);
                var value = sameLength.Any(o => o.Exact) ? chosen.Value : sameLength[0].Value;
                var found = Resolve(value, path, end + 1);
                if (found.HasValue)
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>
        /// Where in the path a property's name ends when the name is the path from <paramref name="start"/> up to a dot
        /// or the end (ignoring case), else -1; <paramref name="exact"/> when the case is the same too.
        /// </summary>
        private static int MatchedEnd(JsonProperty property, string path, int start, out bool exact)
        {
            exact = false;
            if (RawNamesReadable)
            {
                var raw = RawName(property);
                // Most names differ from the segment in their first letter: an ASCII first byte that is not the
                // segment's first letter in either case rules the name out without reading the rest.
                if (raw.Length > 0 && start < path.Length && raw[0] < 0x80 && raw[0] != '\\' && raw[0] != path[start]
                    && (path[start] >= 0x80 || (raw[0] | 0x20) != (path[start] | 0x20) || !IsAsciiLetter(raw[0])))
                {
                    return -1;
                }

                if (IsPlainAscii(raw))
                {
                    var end = start + raw.Length;
                    if (end > path.Length || (end < path.Length && path[end] != '.'))
                    {
                        return -1;
                    }

                    var same = true;
                    for (var i = 0; i < raw.Length; i++)
                    {
                        var b = raw[i];
                        var c = path[start + i];
                        if (b != c)
                        {
                            if (c >= 0x80 || (b | 0x20) != (c | 0x20) || !IsAsciiLetter(b))
                            {
                                return -1;
                            }

                            same = false;
                        }
                    }

                    exact = same;
                    return end;
                }
            }

            var name = property.Name;
            var nameEnd = start + name.Length;
            if (nameEnd > path.Length || (nameEnd < path.Length && path[nameEnd] != '.')
                || string.Compare(name, 0, path, start, name.Length, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return -1;
            }

            exact = string.CompareOrdinal(name, 0, path, start, name.Length) == 0;
            return nameEnd;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static ReadOnlySpan<byte> RawName(JsonProperty property) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property);

        /// <summary>The string at a path (numbers and booleans as their JSON text); null when absent.</summary>
        public static string? GetString(this JsonElement element, string path)
        {
            var value = element.Get(path);
            return value.HasValue ? value.Value.ScalarText() : null;
        }

        /// <summary>A value's text as <see cref="GetString"/> gives it: strings, and numbers and booleans as their JSON text; null for objects and arrays.</summary>
        internal static string? ScalarText(this JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };

        /// <summary>
        /// The boolean at a path; also reads the strings "true"/"false" (Defender extensions store "True").
        /// Null when absent or not a boolean.
        /// </summary>
        public static bool? GetBool(this JsonElement element, string path)
        {
            var value = element.Get(path);
            if (!value.HasValue)
            {
                return null;
            }

            switch (value.Value.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String:
                    var text = value.Value.GetString();
                    if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }

                    if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>The date-time at a path, as UTC; null when absent or unparseable.</summary>
        public static DateTimeOffset? GetDateTime(this JsonElement element, string path)
        {
            var text = element.GetString(path);
            if (text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return parsed;
            }

            return null;
        }

        /// <summary>The elements of the array at a path; empty when absent or not an array.</summary>
        public static IEnumerable<JsonElement> GetArray(this JsonElement element, string path)
        {
            var value = element.Get(path);
            if (value.HasValue && value.Value.ValueKind == JsonValueKind.Array)
            {
                return value.Value.EnumerateArray();
            }

            return Array.Empty<JsonElement>();
        }

        /// <summary>The string items of the array at a path; empty when absent.</summary>
        public static IEnumerable<string> GetStrings(this JsonElement element, string path)
        {
            var value = element.Get(path);
            return value.HasValue ? value.Value.StringItems() : Array.Empty<string>();
        }

        /// <summary>The string items of an array already found; empty when it is not an array.</summary>
        internal static IEnumerable<string> StringItems(this JsonElement array)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                yield break;
            }

            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    var text = item.GetString();
                    if (text != null)
                    {
                        yield return text;
                    }
                }
            }
        }

        /// <summary>The JSON text of the value at a path, for evidence; null when absent.</summary>
        public static string? GetRawText(this JsonElement element, string path)
        {
            var value = element.Get(path);
            return value.HasValue ? value.Value.GetRawText() : null;
        }

        /// <summary>Case-insensitive string comparison, as every enum in the snapshot is compared.</summary>
        public static bool EqualsIgnoreCase(this string? left, string? right) =>
            string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
    }
}
