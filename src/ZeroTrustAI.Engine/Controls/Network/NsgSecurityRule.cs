using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// One custom security rule of a network security group, read from any of the shapes users export:
    /// ARM REST and Resource Graph (<c>properties.securityRules[].properties.*</c>), Get-AzNetworkSecurityGroup
    /// (<c>SecurityRules[]</c> with the fields directly on the rule and prefixes/ports as lists), or separate
    /// <c>networkSecurityGroups/securityRules</c> child resources; and the default rules, which count like any other.
    /// What a rule matches is decided on source, destination, port and protocol together (<see cref="NsgEvaluator"/>).
    /// </summary>
    internal sealed class NsgSecurityRule
    {

        // Where the rule's JSON is read again from when asked for (evidence): a group's rules are kept as long as the
        // snapshot, and an element of the group's parsed JSON kept the whole document alive (6,000 groups' documents,
        // 90 MB, in a large estate). Null for a documented default rule, whose JSON is kept.
        private readonly ArmResource? _source;
        private readonly string? _arrayPath;
        private readonly int _position;
        private readonly JsonElement _kept;

        /// <param name="raw">The rule's JSON, read here and not kept.</param>
        /// <param name="source">The resource whose JSON holds the rule: the group, or a child rule resource.</param>
        /// <param name="arrayPath">The array of the group's JSON that lists the rule; null for a child rule resource.</param>
        /// <param name="position">The rule's position in that array.</param>
        /// <param name="name">The rule's name.</param>
        /// <param name="path">Where the rule was found, for evidence.</param>
        private NsgSecurityRule(JsonElement raw, ArmResource source, string? arrayPath, int position, string name, string path)
        {
            _source = source;
            _arrayPath = arrayPath;
            _position = position;
            Name = name;
            Path = path;
            Access = Read(raw, "access");
            Direction = Read(raw, "direction");
            Protocol = Read(raw, "protocol");
            Priority = Read(raw, "priority");
            PriorityNumber = TryPort(Priority ?? string.Empty, out var priority) ? priority : (int?)null;
            Sources = ReadList(raw, "sourceAddressPrefix", "sourceAddressPrefixes");
            DestinationPorts = ReadList(raw, "destinationPortRange", "destinationPortRanges");
            Destinations = ReadList(raw, "destinationAddressPrefix", "destinationAddressPrefixes");
            SourceGroups = ReadGroupIds(raw, "sourceApplicationSecurityGroups");
            DestinationGroups = ReadGroupIds(raw, "destinationApplicationSecurityGroups");
        }

        private NsgSecurityRule(string name, int priority, string access, string direction, string source, string destination)
        {
            _kept = DefaultRuleJson(name, priority, access, direction, source, destination);
            Name = name;
            Path = "defaultSecurityRules[" + name + "]";
            Access = access;
            Direction = direction;
            Protocol = "*";
            Priority = priority.ToString(CultureInfo.InvariantCulture);
            PriorityNumber = priority;
            Sources = new[] { source };
            DestinationPorts = new[] { "*" };
            Destinations = new[] { destination };
            SourceGroups = Array.Empty<string>();
            DestinationGroups = Array.Empty<string>();
            IsDefault = true;
        }

        /// <summary>The rule's JSON as exported (read again from its resource on each call).</summary>
        public JsonElement Raw =>
            _source == null ? _kept
            : _arrayPath == null ? _source.Raw
            : _source.Raw.Get(_arrayPath) is JsonElement array && array.ValueKind == JsonValueKind.Array && _position < array.GetArrayLength() ? array[_position]
            : throw new InvalidOperationException($"The rule {Path} is no longer in its resource's JSON.");

        // Written rather than serialized: these rules are built when the catalog is first loaded, and the reflection-based
        // serializer's first use costs tens of milliseconds of a session's first result.
        private static JsonElement DefaultRuleJson(string name, int priority, string access, string direction, string source, string destination)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteStartObject("properties");
                writer.WriteNumber("priority", priority);
                writer.WriteString("access", access);
                writer.WriteString("direction", direction);
                writer.WriteString("protocol", "*");
                writer.WriteString("sourceAddressPrefix", source);
                writer.WriteString("destinationAddressPrefix", destination);
                writer.WriteString("destinationPortRange", "*");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.Clone();
        }

        public string Name { get; }

        /// <summary>Where the rule was found, for evidence (e.g. properties.securityRules[allow-rdp]).</summary>
        public string Path { get; }

        /// <summary>The rule as compact JSON, for evidence.</summary>
        public string Json => JsonSerializer.Serialize(Raw);

        public string? Access { get; }

        public string? Direction { get; }

        public string? Protocol { get; }

        public string? Priority { get; }

        /// <summary>The priority as a number (lower wins); null when absent or unreadable.</summary>
        public int? PriorityNumber { get; }

        public IReadOnlyList<string> Sources { get; }

        public IReadOnlyList<string> DestinationPorts { get; }

        public IReadOnlyList<string> Destinations { get; }

        /// <summary>Ids of the application security groups named as source.</summary>
        public IReadOnlyList<string> SourceGroups { get; }

        /// <summary>Ids of the application security groups named as destination.</summary>
        public IReadOnlyList<string> DestinationGroups { get; }

        /// <summary>A default rule (defaultSecurityRules, or the documented one when the export leaves them out).</summary>
        public bool IsDefault { get; private set; }

        public bool IsAllow => "Allow".EqualsIgnoreCase(Access);

        /// <summary>Whether the rule admits every address of <paramref name="source"/> (a generic member no rule names on its own).</summary>
        public bool MatchesSource(NsgSourceClass source) =>
            (Sources.Count == 0 && SourceGroups.Count == 0) || Sources.Any(term => NsgAddress.TermCovers(term, source));

        /// <summary>Whether the rule applies to traffic to <paramref name="destination"/>.</summary>
        public bool MatchesDestination(NsgDestination destination) =>
            (Destinations.Count == 0 && DestinationGroups.Count == 0)
            || Destinations.Any(destination.IsIn)
            || DestinationGroups.Any(group => destination.Groups.Contains(group, StringComparer.OrdinalIgnoreCase));

        /// <summary>Whether the rule applies to <paramref name="protocol"/> (Tcp, Udp, Icmp, Esp, Ah) on <paramref name="port"/>.</summary>
        public bool MatchesPortAndProtocol(int port, string protocol)
        {
            if (!IsAnyProtocol(Protocol) && !Protocol.EqualsIgnoreCase(protocol))
            {
                return false;
            }

            // ICMP, ESP and AH carry no ports: a rule for them matches whatever its port field says.
            return !NsgTraffic.HasPorts(protocol) || DestinationPorts.Count == 0 || DestinationPorts.Any(range => RangeContains(range, port));
        }

        /// <summary>The port boundaries the rule's ranges draw (each range's start and the port after its end).</summary>
        internal IEnumerable<int> PortBoundaries()
        {
            foreach (var range in DestinationPorts)
            {
                if (TryRange(range, out var low, out var high))
                {
                    yield return low;
                    yield return high + 1;
                }
            }
        }

        /// <summary>What reading a group's rules reads: rules kept as separate child resources, when present.</summary>
        public static readonly DataRequirement Data = DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.NetworkSecurityRule));

        /// <summary>
        /// The documented default rules, which every NSG has after its custom rules (priorities 65000-65500). Used when an
        /// export leaves <c>defaultSecurityRules</c> out; they cannot be changed, so the documented ones are exact.
        /// </summary>
        private static readonly NsgSecurityRule[] DocumentedDefaults =
        {
            new NsgSecurityRule("AllowVnetInBound", 65000, "Allow", "Inbound", "VirtualNetwork", "VirtualNetwork"),
            new NsgSecurityRule("AllowAzureLoadBalancerInBound", 65001, "Allow", "Inbound", "AzureLoadBalancer", "*"),
            new NsgSecurityRule("DenyAllInBound", 65500, "Deny", "Inbound", "*", "*"),
            new NsgSecurityRule("AllowVnetOutBound", 65000, "Allow", "Outbound", "VirtualNetwork", "VirtualNetwork"),
            new NsgSecurityRule("AllowInternetOutBound", 65001, "Allow", "Outbound", "*", "Internet"),
            new NsgSecurityRule("DenyAllOutBound", 65500, "Deny", "Outbound", "*", "*"),
        };

        /// <summary>The default rule that ends inbound evaluation.</summary>
        internal static NsgSecurityRule DenyAllInbound => DocumentedDefaults[2];

        /// <summary>
        /// Every rule that judges traffic through the NSG, in precedence order (lower priority number first): the custom
        /// rules, then the default rules as exported (<c>defaultSecurityRules</c>) or, when absent, as documented.
        /// </summary>
        public static IReadOnlyList<NsgSecurityRule> ReadEffective(ArmResource nsg) => Effective.GetValue(nsg, ReadEffectiveRules);

        // Several controls judge every NSG: its rules are read and ordered once per resource (rules never change once read).
        private static readonly ConditionalWeakTable<ArmResource, IReadOnlyList<NsgSecurityRule>> Effective = new ConditionalWeakTable<ArmResource, IReadOnlyList<NsgSecurityRule>>();

        private static IReadOnlyList<NsgSecurityRule> ReadEffectiveRules(ArmResource nsg)
        {
            var rules = ReadAll(nsg).ToList();
            var defaults = ReadArray(nsg, "properties.defaultSecurityRules", "DefaultSecurityRules", new HashSet<string>(StringComparer.OrdinalIgnoreCase));
            foreach (var rule in defaults)
            {
                rule.IsDefault = true;
            }

            rules.AddRange(defaults.Count > 0 ? defaults : DocumentedDefaults);

            // A rule without a readable priority cannot be placed; it is taken last among the custom rules, where it
            // can only widen what is allowed (the defaults still follow it).
            return rules
                .OrderBy(rule => rule.IsDefault ? 1 : 0)
                .ThenBy(rule => rule.PriorityNumber ?? int.MaxValue)
                .ToList();
        }

        /// <summary>The custom rules of an NSG, nested or as linked child resources (a rule found both ways counts once).</summary>
        public static IReadOnlyList<NsgSecurityRule> ReadAll(ArmResource nsg)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            // Get-AzNetworkSecurityGroup puts the rules at the top level.
            var rules = ReadArray(nsg, "properties.securityRules", "SecurityRules", seen);
            foreach (var child in nsg.ChildrenOfType(ResourceTypes.NetworkSecurityRule))
            {
                if (seen.Add(child.Name))
                {
                    rules.Add(new NsgSecurityRule(child.Raw, child, null, 0, child.Name, child.Id));
                }
            }

            return rules;
        }

        private static List<NsgSecurityRule> ReadArray(ArmResource nsg, string path, string psPath, HashSet<string> seen)
        {
            var rules = new List<NsgSecurityRule>();
            var prefix = path;
            var nested = nsg.Raw.Get(prefix);
            if (!nested.HasValue)
            {
                prefix = psPath;
                nested = nsg.Raw.Get(prefix);
            }

            if (nested.HasValue && nested.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in nested.Value.EnumerateArray())
                {
                    var position = index;
                    var name = item.GetString("name") ?? $"{prefix.Substring(prefix.LastIndexOf('.') + 1)}[{index}]";
                    index++;
                    if (item.ValueKind == JsonValueKind.Object && seen.Add(name))
                    {
                        rules.Add(new NsgSecurityRule(item, nsg, prefix, position, name, $"{prefix}[{name}]"));
                    }
                }
            }

            return rules;
        }

        private static List<string> ReadGroupIds(JsonElement rule, string field)
        {
            var value = rule.Get("properties." + field) ?? rule.Get(field);
            if (!value.HasValue || value.Value.ValueKind != JsonValueKind.Array)
            {
                return new List<string>();
            }

            return value.Value.EnumerateArray()
                .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetString("id") ?? item.GetString("Id"))
                .Where(id => !string.IsNullOrWhiteSpace(id))
                .Select(id => id!)
                .ToList();
        }

        /// <summary>A compact description for evidence: name, priority, source, ports.</summary>
        public string Describe() =>
            $"{Name} (priority {Priority ?? "?"}, {Protocol ?? "*"} from {string.Join(",", Sources)} to port {string.Join(",", DestinationPorts)})";

        private static bool IsAnyProtocol(string? protocol) => protocol == null || protocol == "*" || "Any".EqualsIgnoreCase(protocol);

        private static string? Read(JsonElement rule, string field) => rule.GetString("properties." + field) ?? rule.GetString(field);

        private static List<string> ReadList(JsonElement rule, string singular, string plural)
        {
            var values = new List<string>();
            foreach (var field in new[] { singular, plural })
            {
                var value = rule.Get("properties." + field) ?? rule.Get(field);
                if (!value.HasValue)
                {
                    continue;
                }

                // ARM writes the singular as a string; Get-AzNetworkSecurityGroup writes both as lists.
                if (value.Value.ValueKind == JsonValueKind.Array)
                {
                    values.AddRange(value.Value.EnumerateArray()
                        .Where(item => item.ValueKind == JsonValueKind.String || item.ValueKind == JsonValueKind.Number)
                        .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() ?? string.Empty : item.GetRawText()));
                }
                else if (value.Value.ValueKind == JsonValueKind.String)
                {
                    values.Add(value.Value.GetString() ?? string.Empty);
                }
                else if (value.Value.ValueKind == JsonValueKind.Number)
                {
                    values.Add(value.Value.GetRawText());
                }
            }

            return values.Where(v => v.Trim().Length > 0).ToList();
        }

        private static bool RangeContains(string range, int port) =>
            TryRange(range, out var low, out var high) && low <= port && port <= high;

        /// <summary>A port entry as an interval: '*' is 0-65535, '22' is 22-22, '20-25' is 20-25.</summary>
        private static bool TryRange(string range, out int low, out int high)
        {
            var text = range.Trim();
            low = 0;
            high = 65535;
            if (text == "*" || "Any".EqualsIgnoreCase(text))
            {
                return true;
            }

            var dash = text.IndexOf('-');
            if (dash < 0)
            {
                var parsed = TryPort(text, out low);
                high = low;
                return parsed;
            }

            return TryPort(text.Substring(0, dash), out low) && TryPort(text.Substring(dash + 1), out high) && low <= high;
        }

        private static bool TryPort(string text, out int port) =>
            int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port);
    }
}
