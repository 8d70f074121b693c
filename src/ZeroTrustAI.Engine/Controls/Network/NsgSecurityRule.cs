using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
    /// <c>networkSecurityGroups/securityRules</c> child resources. Default rules are not read: they cannot be changed.
    /// </summary>
    internal sealed class NsgSecurityRule
    {

        // Sources that mean "every address": the wildcard, the all-addresses CIDRs and the portal's display word.
        private static readonly string[] WildcardSources = { "*", "0.0.0.0/0", "::/0", "Any" };

        // Sources that include the whole Internet: the wildcards plus the Internet service tag.
        private static readonly string[] InternetSources = WildcardSources.Concat(new[] { "Internet" }).ToArray();

        private NsgSecurityRule(JsonElement raw, string name, string path)
        {
            Raw = raw;
            Name = name;
            Path = path;
            Access = Read(raw, "access");
            Direction = Read(raw, "direction");
            Protocol = Read(raw, "protocol");
            Priority = Read(raw, "priority");
            PriorityNumber = TryPort(Priority ?? string.Empty, out var priority) ? priority : (int?)null;
            Sources = ReadList(raw, "sourceAddressPrefix", "sourceAddressPrefixes");
            DestinationPorts = ReadList(raw, "destinationPortRange", "destinationPortRanges");
        }

        public JsonElement Raw { get; }

        public string Name { get; }

        /// <summary>Where the rule was found, for evidence (e.g. properties.securityRules[allow-rdp]).</summary>
        public string Path { get; }

        /// <summary>Turns the offending rules to Deny (one command per rule, by id).</summary>
        internal static RemediationFix DenyFix(ArmResource nsg, IEnumerable<NsgSecurityRule> rules, string why) =>
            RemediationFix.AzureCli(new[] { AzureFixes.Comment(why) }
                .Concat(rules.Select(rule => "az network nsg rule update --ids " + Quote.Shell(nsg.Id + "/securityRules/" + rule.Name) + " --access Deny"))
                .ToArray());

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

        public bool IsInboundAllow => "Allow".EqualsIgnoreCase(Access) && "Inbound".EqualsIgnoreCase(Direction);

        public bool IsInboundDeny => "Deny".EqualsIgnoreCase(Access) && "Inbound".EqualsIgnoreCase(Direction);

        /// <summary>Whether the rule admits the whole Internet ('*', 'Internet', 'Any', 0.0.0.0/0, ::/0).</summary>
        public bool HasInternetSource => Sources.Any(source => IsOneOf(source, InternetSources));

        /// <summary>Whether the rule admits every address ('*', 'Any', 0.0.0.0/0, ::/0): Internet, peers and on-premises alike.</summary>
        public bool HasWildcardSource => Sources.Any(source => IsOneOf(source, WildcardSources));

        /// <summary>Whether the destination ports include <paramref name="port"/> ('*', the port itself, or a range around it).</summary>
        public bool CoversPort(int port)
        {
            // ICMP carries no ports; a rule for it cannot open SSH or RDP.
            if ("Icmp".EqualsIgnoreCase(Protocol))
            {
                return false;
            }

            return DestinationPorts.Any(range => RangeContains(range, port));
        }

        /// <summary>
        /// Whether this Allow rule's traffic from the Internet to <paramref name="port"/> is already refused by a Deny
        /// rule of higher precedence (lower priority number) that covers the same port, protocol and every address.
        /// </summary>
        public bool IsShadowedForInternet(int port, IEnumerable<NsgSecurityRule> rules) =>
            PriorityNumber.HasValue && rules.Any(deny =>
                deny.IsInboundDeny
                && deny.PriorityNumber < PriorityNumber
                && deny.HasWildcardSource
                && deny.CoversPort(port)
                && (IsAnyProtocol(deny.Protocol) || deny.Protocol.EqualsIgnoreCase(Protocol)));

        /// <summary>The rules of an NSG, nested or as linked child resources (a rule found both ways counts once).</summary>
        /// <summary>What reading a group's rules reads: rules kept as separate child resources, when present.</summary>
        public static readonly DataRequirement Data = DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.NetworkSecurityRule));

        public static IReadOnlyList<NsgSecurityRule> ReadAll(ArmResource nsg)
        {
            var rules = new List<NsgSecurityRule>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            var prefix = "properties.securityRules";
            var nested = nsg.Raw.Get(prefix);
            if (!nested.HasValue)
            {
                // Get-AzNetworkSecurityGroup puts the rules at the top level.
                prefix = "SecurityRules";
                nested = nsg.Raw.Get(prefix);
            }

            if (nested.HasValue && nested.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in nested.Value.EnumerateArray())
                {
                    var name = item.GetString("name") ?? $"securityRules[{index}]";
                    index++;
                    if (item.ValueKind == JsonValueKind.Object && seen.Add(name))
                    {
                        rules.Add(new NsgSecurityRule(item, name, $"{prefix}[{name}]"));
                    }
                }
            }

            foreach (var child in nsg.ChildrenOfType(ResourceTypes.NetworkSecurityRule))
            {
                if (seen.Add(child.Name))
                {
                    rules.Add(new NsgSecurityRule(child.Raw, child.Name, child.Id));
                }
            }

            return rules;
        }

        /// <summary>A compact description for evidence: name, priority, source, ports.</summary>
        public string Describe() =>
            $"{Name} (priority {Priority ?? "?"}, {Protocol ?? "*"} from {string.Join(",", Sources)} to port {string.Join(",", DestinationPorts)})";

        private static bool IsAnyProtocol(string? protocol) => protocol == null || protocol == "*" || "Any".EqualsIgnoreCase(protocol);

        private static bool IsOneOf(string value, string[] candidates) =>
            Array.Exists(candidates, candidate => candidate.EqualsIgnoreCase(value.Trim()));

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

        private static bool RangeContains(string range, int port)
        {
            var text = range.Trim();
            if (text == "*" || "Any".EqualsIgnoreCase(text))
            {
                return true;
            }

            var dash = text.IndexOf('-');
            if (dash < 0)
            {
                return TryPort(text, out var single) && single == port;
            }

            return TryPort(text.Substring(0, dash), out var low)
                && TryPort(text.Substring(dash + 1), out var high)
                && low <= port && port <= high;
        }

        private static bool TryPort(string text, out int port) =>
            int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port);
    }
}
