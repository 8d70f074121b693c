using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Controls.Coverage
{
    /// <summary>How far ZeroTrustAI automates one Zero Trust Workshop item.</summary>
    public enum CoverageStatus
    {
        /// <summary>At least one control checks the item.</summary>
        Automated,

        /// <summary>Controls check part of the item; the reason says what they leave out.</summary>
        Partial,

        /// <summary>Graph or ARM could show it, but no control reads it yet; the reason says what is missing.</summary>
        NotYetAutomated,

        /// <summary>No read API shows it (a process, a document, a portal-only setting); the reason says why.</summary>
        NotAutomatable,
    }

    /// <summary>One Workshop item and the controls that check it.</summary>
    public sealed class WorkshopCoverageItem
    {
        internal WorkshopCoverageItem(string id, string title, CoverageStatus status, IReadOnlyList<string> controls, string? reason)
        {
            Id = id;
            Title = title;
            Status = status;
            Controls = controls;
            Reason = reason;
        }

        /// <summary>The Workshop id, e.g. AI_012.</summary>
        public string Id { get; }

        public string Title { get; }

        public CoverageStatus Status { get; }

        /// <summary>The ids of the controls that map the item (their <c>workshop</c> mappings).</summary>
        public IReadOnlyList<string> Controls { get; }

        /// <summary>Why the item is partial, not yet automated, or not automatable; null when automated.</summary>
        public string? Reason { get; }

        public override string ToString() => $"{Id} {Status}";
    }

    /// <summary>
    /// The coverage of the Workshop's AI items, derived from the controls' own mappings (the one source of which item a
    /// control checks) and a list of the items with the reason for each one no control covers. An item a control maps is
    /// automated; the list can only lower it to partial, with the reason.
    /// </summary>
    public static class WorkshopCoverage
    {
        private const string ResourceName = "ZeroTrustAI.Engine.Controls.Coverage.workshop-ai-items.json";

        private static readonly Lazy<IReadOnlyList<ItemEntry>> Entries = new Lazy<IReadOnlyList<ItemEntry>>(Load);

        /// <summary>Where the item list comes from, for the page and the cmdlet's help.</summary>
        public const string Source = "Microsoft Zero Trust Workshop, AI pillar";

        /// <summary>Every Workshop AI item with its status, in id order.</summary>
        public static IReadOnlyList<WorkshopCoverageItem> Compute(IEnumerable<ControlMetadata> controls)
        {
            var byItem = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var control in controls)
            {
                foreach (var item in control.Mappings.Workshop)
                {
                    if (!byItem.TryGetValue(item, out var list))
                    {
                        list = new List<string>();
                        byItem[item] = list;
                    }

                    list.Add(control.Id);
                }
            }

            return Entries.Value
                .Select(entry =>
                {
                    var mapped = byItem.TryGetValue(entry.Id, out var ids) ? ids.OrderBy(i => i, StringComparer.Ordinal).ToList() : new List<string>();
                    var status = mapped.Count > 0
                        ? entry.Partial != null ? CoverageStatus.Partial : CoverageStatus.Automated
                        : entry.NotAutomatable != null ? CoverageStatus.NotAutomatable : CoverageStatus.NotYetAutomated;
                    var reason = status switch
                    {
                        CoverageStatus.Automated => null,
                        CoverageStatus.Partial => entry.Partial,
                        CoverageStatus.NotAutomatable => entry.NotAutomatable,
                        _ => entry.NotYetAutomated ?? "No control checks it yet.",
                    };
                    return new WorkshopCoverageItem(entry.Id, entry.Title, status, new ReadOnlyCollection<string>(mapped), reason);
                })
                .ToList();
        }

        /// <summary>
        /// Problems in the item list against the controls: an id a control maps that is not a Workshop item, an item
        /// both mapped and called not automatable, an unmapped item without a reason. Empty when consistent.
        /// </summary>
        public static IReadOnlyList<string> FindInconsistencies(IEnumerable<ControlMetadata> controls)
        {
            var list = controls.ToList();
            var known = new HashSet<string>(Entries.Value.Select(e => e.Id), StringComparer.OrdinalIgnoreCase);
            var problems = list
                .SelectMany(c => c.Mappings.Workshop.Where(w => !known.Contains(w)).Select(w => $"{c.Id} maps {w}, which is not a Workshop AI item."))
                .ToList();
            var mapped = new HashSet<string>(list.SelectMany(c => c.Mappings.Workshop), StringComparer.OrdinalIgnoreCase);
            foreach (var entry in Entries.Value)
            {
                if (mapped.Contains(entry.Id) && entry.NotAutomatable != null)
                {
                    problems.Add($"{entry.Id} is mapped by a control but listed as not automatable.");
                }

                if (!mapped.Contains(entry.Id) && entry.NotAutomatable == null && entry.NotYetAutomated == null)
                {
                    problems.Add($"{entry.Id} is mapped by no control and has no reason.");
                }
            }

            return problems;
        }

        private static List<ItemEntry> Load()
        {
            using var stream = typeof(WorkshopCoverage).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.GetProperty("items").EnumerateArray()
                .Select(item => new ItemEntry(
                    item.GetProperty("id").GetString()!,
                    item.GetProperty("title").GetString()!,
                    Optional(item, "partial"),
                    Optional(item, "notYetAutomated"),
                    Optional(item, "notAutomatable")))
                .OrderBy(e => e.Id, StringComparer.Ordinal)
                .ToList();
        }

        private static string? Optional(JsonElement item, string name) =>
            item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private sealed class ItemEntry
        {
            public ItemEntry(string id, string title, string? partial, string? notYetAutomated, string? notAutomatable)
            {
                Id = id;
                Title = title;
                Partial = partial;
                NotYetAutomated = notYetAutomated;
                NotAutomatable = notAutomatable;
            }

            public string Id { get; }

            public string Title { get; }

            public string? Partial { get; }

            public string? NotYetAutomated { get; }

            public string? NotAutomatable { get; }
        }
    }
}
