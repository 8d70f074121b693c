using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrustAI.Emulator.Http;

namespace ZeroTrustAI.Emulator.Graph
{
    /// <summary>One <c>$expand</c> item, e.g. <c>sponsors($select=id)</c>.</summary>
    internal sealed record GraphExpand(string Property, IReadOnlyList<string>? Select);

    /// <summary>
    /// The OData query options the emulator implements: <c>$top</c>, <c>$skiptoken</c>, <c>$select</c>, <c>$expand</c>,
    /// <c>$count</c> and the <c>$filter</c> forms the collector sends. Anything it does not implement is refused with 400
    /// rather than ignored, so a collector cannot silently depend on it.
    /// </summary>
    internal sealed class GraphQuery
    {
        private static readonly HashSet<string> Known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "$top", "$skiptoken", "$select", "$expand", "$filter", "$count",
        };

        // One filter clause: `name eq 'text'` (quotes doubled inside), `name eq true|false`,
        // `name/any(v:v eq 'text')`, `name ge 2026-01-01T00:00:00Z` (a time window) or a parenthesised group of
        // `name eq 'text'` joined by `or` (the audit log's activity names). Clauses are joined by `and`.
        private static readonly Regex Clause = new Regex(
            @"\G\s*(?:(?<prop>[A-Za-z_][A-Za-z0-9_]*)\s+eq\s+(?:'(?<text>(?:[^']|'')*)'|(?<bool>true|false))" +
            @"|(?<geprop>[A-Za-z_][A-Za-z0-9_]*)\s+ge\s+(?<gedate>\d{4}-\d{2}-\d{2}T[0-9:.]+Z)" +
            @"|\((?<orgroup>\s*[A-Za-z_][A-Za-z0-9_]*\s+eq\s+'(?:[^']|'')*'(?:\s+or\s+[A-Za-z_][A-Za-z0-9_]*\s+eq\s+'(?:[^']|'')*')*\s*)\)" +
            @"|(?<coll>[A-Za-z_][A-Za-z0-9_]*)/any\(\s*(?<var>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*\k<var>\s+eq\s+'(?<anytext>(?:[^']|'')*)'\s*\))\s*(?<and>and\b)?",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

        private static readonly Regex OrTerm = new Regex(
            @"(?<prop>[A-Za-z_][A-Za-z0-9_]*)\s+eq\s+'(?<text>(?:[^']|'')*)'",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

        private GraphQuery()
        {
        }

        public int? Top { get; private set; }

        public string? SkipToken { get; private set; }

        /// <summary>Property names to keep; null for all.</summary>
        public IReadOnlyList<string>? Select { get; private set; }

        public IReadOnlyList<GraphExpand> Expand { get; private set; } = Array.Empty<GraphExpand>();

        public string? FilterText { get; private set; }

        public Func<JsonElement, bool> Filter { get; private set; } = _ => true;

        public bool Count { get; private set; }

        /// <summary>Parses the query; on failure returns null and a Graph-style message.</summary>
        public static GraphQuery? Parse(EmulatorRequest request, out string? error)
        {
            error = null;
            var query = new GraphQuery();
            foreach (var name in request.Query.Keys)
            {
                if (name.StartsWith('$') && !Known.Contains(name))
                {
                    error = $"Query option '{name}' is not supported by the emulator.";
                    return null;
                }
            }

            var top = request.QueryValue("$top");
            if (top != null)
            {
                if (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > EmulatorOptions.MaxGraphPageSize)
                {
                    error = $"Invalid page size specified: '{top}'. Must be between 1 and {EmulatorOptions.MaxGraphPageSize} inclusive.";
                    return null;
                }

                query.Top = value;
            }

            query.SkipToken = request.QueryValue("$skiptoken");
            var select = request.QueryValue("$select");
            if (select != null)
            {
                query.Select = SplitList(select);
            }

            var expand = request.QueryValue("$expand");
            if (expand != null)
            {
                var items = new List<GraphExpand>();
                foreach (var part in SplitTopLevel(expand))
                {
                    var item = ParseExpand(part, out error);
                    if (item == null)
                    {
                        return null;
                    }

                    items.Add(item);
                }

                query.Expand = items;
            }

            var filter = request.QueryValue("$filter");
            if (filter != null)
            {
                var predicate = ParseFilter(filter, out error);
                if (predicate == null)
                {
                    return null;
                }

                query.FilterText = filter.Trim();
                query.Filter = predicate;
            }

            var count = request.QueryValue("$count");
            if (count != null)
            {
                if (!bool.TryParse(count, out var wantCount))
                {
                    error = $"Invalid value '{count}' for $count; expected true or false.";
                    return null;
                }

                query.Count = wantCount;
            }

            return query;
        }

        private static List<string> SplitList(string value) =>
            value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

        /// <summary>Splits on commas outside parentheses: <c>owners,sponsors($select=id,displayName)</c>.</summary>
        private static IEnumerable<string> SplitTopLevel(string value)
        {
            var depth = 0;
            var start = 0;
            for (var i = 0; i < value.Length; i++)
            {
                switch (value[i])
                {
                    case '(':
                        depth++;
                        break;
                    case ')':
                        depth--;
                        break;
                    case ',' when depth == 0:
                        yield return value.Substring(start, i - start).Trim();
                        start = i + 1;
                        break;
                }
            }

            yield return value.Substring(start).Trim();
        }

        private static GraphExpand? ParseExpand(string text, out string? error)
        {
            error = null;
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var property = (open < 0 ? text : text.Substring(0, open)).Trim();
            if (!GraphRelations.IsNavigation(property))
            {
                error = $"Could not find a navigation property named '{property}' to expand; the emulator expands {string.Join(", ", GraphRelations.NavigationNames)}.";
                return null;
            }

            if (open < 0)
            {
                return new GraphExpand(property, null);
            }

            if (!text.EndsWith(')'))
            {
                error = $"Malformed $expand item '{text}'.";
                return null;
            }

            IReadOnlyList<string>? select = null;
            foreach (var option in text.Substring(open + 1, text.Length - open - 2).Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = option.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? option.Trim() : option.Substring(0, equals).Trim();
                // A nested $expand (policies($expand=policy)) is served from the inline objects the snapshot keeps.
                if (string.Equals(name, "$expand", StringComparison.OrdinalIgnoreCase) && equals > 0)
                {
                    continue;
                }

                if (!string.Equals(name, "$select", StringComparison.OrdinalIgnoreCase) || equals < 0)
                {
                    error = $"Only $select and $expand are supported inside $expand, not '{option.Trim()}'.";
                    return null;
                }

                select = SplitList(option.Substring(equals + 1));
            }

            return new GraphExpand(property, select);
        }

        private static Func<JsonElement, bool>? ParseFilter(string filter, out string? error)
        {
            error = null;
            var predicates = new List<Func<JsonElement, bool>>();
            var position = 0;
            var expectMore = true;
            var text = filter.Trim();
            while (expectMore && position < text.Length)
            {
                var match = Clause.Match(text, position);
                if (!match.Success || match.Index != position)
                {
                    break;
                }

                predicates.Add(ToPredicate(match));
                position = match.Index + match.Length;
                expectMore = match.Groups["and"].Success;
            }

            if (predicates.Count == 0 || position != text.Length || expectMore)
            {
                error = $"Invalid filter clause: the emulator supports \"name eq 'value'\", \"name eq true|false\", \"name ge <time>\", \"(name eq 'a' or name eq 'b')\" and \"name/any(x:x eq 'value')\" joined by 'and'; got \"{filter}\".";
                return null;
            }

            return item => predicates.All(p => p(item));
        }

        private static Func<JsonElement, bool> ToPredicate(Match match)
        {
            if (match.Groups["gedate"].Success)
            {
                var timeProperty = match.Groups["geprop"].Value;
                var since = DateTimeOffset.Parse(match.Groups["gedate"].Value, System.Globalization.CultureInfo.InvariantCulture);
                return item => GraphJson.TryGetProperty(item, timeProperty, out var value) &&
                    value.ValueKind == JsonValueKind.String &&
                    DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var when) &&
                    when >= since;
            }

            if (match.Groups["orgroup"].Success)
            {
                var terms = OrTerm.Matches(match.Groups["orgroup"].Value)
                    .Select(t => (Property: t.Groups["prop"].Value, Text: t.Groups["text"].Value.Replace("''", "'", StringComparison.Ordinal)))
                    .ToList();
                return item => terms.Any(t => GraphJson.TryGetProperty(item, t.Property, out var value) &&
                    value.ValueKind == JsonValueKind.String &&
                    string.Equals(value.GetString(), t.Text, StringComparison.OrdinalIgnoreCase));
            }

            if (match.Groups["coll"].Success)
            {
                var collection = match.Groups["coll"].Value;
                var wanted = match.Groups["anytext"].Value.Replace("''", "'", StringComparison.Ordinal);
                return item => GraphJson.TryGetProperty(item, collection, out var values) &&
                    values.ValueKind == JsonValueKind.Array &&
                    values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), wanted, StringComparison.OrdinalIgnoreCase));
            }

            var property = match.Groups["prop"].Value;
            if (match.Groups["bool"].Success)
            {
                var expected = match.Groups["bool"].Value == "true";
                return item => GraphJson.TryGetProperty(item, property, out var value) &&
                    (value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.False) &&
                    value.GetBoolean() == expected;
            }

            var text = match.Groups["text"].Value.Replace("''", "'", StringComparison.Ordinal);
            return item => GraphJson.TryGetProperty(item, property, out var value) &&
                value.ValueKind == JsonValueKind.String &&
                string.Equals(value.GetString(), text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
