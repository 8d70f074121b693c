using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// Where traffic comes from, as a generic member of a class: an Internet address, an address of the virtual network
    /// (peers and connected on-premises ranges included) or Azure's load balancer probe. A generic member is one that no
    /// rule names by its own prefix, so only rules naming the whole class (its service tag or every address) match it:
    /// an Allow from one corporate prefix does not expose a port to the Internet, and a Deny from one prefix does not
    /// close it.
    /// </summary>
    internal enum NsgSourceClass
    {
        Internet,
        VirtualNetwork,
        AzureLoadBalancer,
    }

    /// <summary>How address terms of a rule (prefixes, CIDRs and service tags) relate to sources and destinations.</summary>
    internal static class NsgAddress
    {
        /// <summary>Terms that mean every address: the wildcard, the all-address CIDRs and the portal's display word.</summary>
        private static readonly string[] Everything = { "*", "Any", "0.0.0.0/0", "::/0" };

        public static bool IsEverything(string term) => Array.Exists(Everything, e => e.EqualsIgnoreCase(term.Trim()));

        /// <summary>Whether the source term covers every address of <paramref name="source"/>.</summary>
        public static bool TermCovers(string term, NsgSourceClass source) =>
            IsEverything(term) || term.Trim().EqualsIgnoreCase(source.ToString());

        /// <summary>An IPv4 address or CIDR as an interval of addresses; false for IPv6, service tags and text.</summary>
        public static bool TryIPv4Range(string term, out uint low, out uint high)
        {
            low = high = 0;
            var text = term.Trim();
            var slash = text.IndexOf('/');
            var length = 32;
            if (slash >= 0)
            {
                if (!int.TryParse(text.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > 32)
                {
                    return false;
                }

                text = text.Substring(0, slash);
            }

            if (!TryIPv4(text, out var address))
            {
                return false;
            }

            var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
            low = address & mask;
            high = low | ~mask;
            return true;
        }

        public static bool TryIPv4(string text, out uint address)
        {
            address = 0;
            var parts = text.Trim().Split('.');
            if (parts.Length != 4)
            {
                return false;
            }

            foreach (var part in parts)
            {
                if (!byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet))
                {
                    return false;
                }

                address = (address << 8) | octet;
            }

            return true;
        }

        public static string FormatIPv4(uint address) =>
            string.Join(".", new[] { address >> 24, (address >> 16) & 255, (address >> 8) & 255, address & 255 }.Select(b => b.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// A destination of inbound traffic: an address (when known) and the application security groups it belongs to.
    /// Every inbound destination lies in the virtual network, so the <c>VirtualNetwork</c> tag and every-address terms
    /// cover all of them; a prefix covers the addresses inside it; a group covers its members.
    /// </summary>
    internal sealed class NsgDestination
    {
        public NsgDestination(uint? address, IReadOnlyCollection<string> groups, string label)
        {
            Address = address;
            Groups = groups;
            Label = label;
        }

        /// <summary>A destination no rule names by prefix or group.</summary>
        public static NsgDestination Unnamed { get; } = new NsgDestination(null, Array.Empty<string>(), "any address");

        public uint? Address { get; }

        public IReadOnlyCollection<string> Groups { get; }

        public string Label { get; }

        public bool IsIn(string term)
        {
            if (NsgAddress.IsEverything(term) || term.Trim().EqualsIgnoreCase("VirtualNetwork"))
            {
                return true;
            }

            return Address.HasValue && NsgAddress.TryIPv4Range(term, out var low, out var high) && low <= Address.Value && Address.Value <= high;
        }

        public override string ToString() => Label;
    }

    /// <summary>Traffic protocols an NSG rule distinguishes.</summary>
    internal static class NsgTraffic
    {
        public const string Tcp = "Tcp";

        public static readonly IReadOnlyList<string> Protocols = new[] { "Tcp", "Udp", "Icmp", "Esp", "Ah" };

        public static bool HasPorts(string protocol) => protocol.EqualsIgnoreCase("Tcp") || protocol.EqualsIgnoreCase("Udp");
    }

    /// <summary>The rule that decides one flow, and the flow.</summary>
    internal sealed class NsgDecision
    {
        public NsgDecision(NsgSecurityRule rule, NsgDestination destination, int port, string protocol)
        {
            Rule = rule;
            Destination = destination;
            Port = port;
            Protocol = protocol;
        }

        public NsgSecurityRule Rule { get; }

        public NsgDestination Destination { get; }

        public int Port { get; }

        public string Protocol { get; }

        public bool Allowed => Rule.IsAllow;
    }

    /// <summary>
    /// Evaluates an NSG's rules exactly: the first rule in precedence order (custom by priority, then the defaults) that
    /// matches a flow on source, destination, port and protocol together decides it. A Deny therefore hides a later Allow
    /// only for the flows it matches itself. To judge "some destination", the destination space is cut at every prefix
    /// boundary and group the rules name, and one flow per piece is decided: the pieces are exactly the places where
    /// different rules can apply.
    /// </summary>
    internal static class NsgEvaluator
    {
        /// <summary>How the NSG controls evaluate rules, for their pages (markdown list items).</summary>
        public const string HowRulesAreEvaluated =
            "- Rules are evaluated as Azure does: the custom rules by priority (lower number first), then the default rules\n" +
            "  (`AllowVnetInBound` 65000, `AllowAzureLoadBalancerInBound` 65001, `DenyAllInBound` 65500; read from\n" +
            "  `defaultSecurityRules`, or the documented ones when the export leaves them out). The first rule that matches a flow\n" +
            "  on source, destination, port and protocol **together** decides it.\n" +
            "- Sources: `sourceAddressPrefix(es)` and `sourceApplicationSecurityGroups`. A flow \"from the Internet\" is from an\n" +
            "  Internet address no rule names on its own: `*`, `Any`, `0.0.0.0/0`, `::/0` and the `Internet` tag match it; a\n" +
            "  corporate prefix does not, so an Allow from one prefix exposes nothing to the Internet and a Deny from one prefix\n" +
            "  closes nothing for it. \"From the virtual network\" likewise matches `*` and the `VirtualNetwork` tag.\n" +
            "- Destinations: `destinationAddressPrefix(es)` (`*` and `VirtualNetwork` cover every inbound destination, a prefix\n" +
            "  the addresses in it) and `destinationApplicationSecurityGroups`. The destination space is cut at every prefix\n" +
            "  boundary and group the rules name, and one flow per piece is decided, so a Deny of one host does not hide an\n" +
            "  Allow to the other hosts.\n" +
            "- Ports: `destinationPortRange(s)`: `*`, single ports, ranges such as `20-25` and lists. Protocols: `*`/`Any`\n" +
            "  or the rule's own (`Tcp`, `Udp`, `Icmp`, ...); an ICMP rule never decides TCP flows.\n" +
            "- Rules are read from `properties.securityRules[]` (ARM REST, Resource Graph), `SecurityRules[]`\n" +
            "  (`Get-AzNetworkSecurityGroup | ConvertTo-Json`) and separate `networkSecurityGroups/securityRules` resources.";

        /// <summary>The rule deciding one inbound flow; the default DenyAllInBound ends every list, so there always is one.</summary>
        public static NsgDecision Decide(IReadOnlyList<NsgSecurityRule> ordered, NsgSourceClass source, NsgDestination destination, int port, string protocol)
        {
            foreach (var rule in ordered)
            {
                if ("Inbound".EqualsIgnoreCase(rule.Direction)
                    && rule.MatchesSource(source)
                    && rule.MatchesDestination(destination)
                    && rule.MatchesPortAndProtocol(port, protocol))
                {
                    return new NsgDecision(rule, destination, port, protocol);
                }
            }

            // Only reached when an export lists some default rules but not DenyAllInBound, which every NSG has.
            return new NsgDecision(NsgSecurityRule.DenyAllInbound, destination, port, protocol);
        }

        /// <summary>One destination per piece of the destination space the inbound rules distinguish.</summary>
        public static IReadOnlyList<NsgDestination> Destinations(IReadOnlyList<NsgSecurityRule> ordered)
        {
            var inbound = ordered.Where(rule => "Inbound".EqualsIgnoreCase(rule.Direction)).ToList();
            var boundaries = new SortedSet<uint>();
            foreach (var term in inbound.SelectMany(rule => rule.Destinations))
            {
                if (!NsgAddress.IsEverything(term) && NsgAddress.TryIPv4Range(term, out var low, out var high))
                {
                    boundaries.Add(low);
                    if (high < uint.MaxValue)
                    {
                        boundaries.Add(high + 1);
                    }
                }
            }

            var destinations = new List<NsgDestination> { NsgDestination.Unnamed };
            destinations.AddRange(boundaries.Select(address => new NsgDestination(address, Array.Empty<string>(), NsgAddress.FormatIPv4(address))));
            destinations.AddRange(inbound
                .SelectMany(rule => rule.DestinationGroups)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(group => new NsgDestination(null, new[] { group }, "members of " + group.Substring(group.LastIndexOf('/') + 1))));
            return destinations;
        }

        /// <summary>One port per piece of the port space the inbound rules distinguish.</summary>
        public static IReadOnlyList<int> Ports(IReadOnlyList<NsgSecurityRule> ordered) =>
            ordered.Where(rule => "Inbound".EqualsIgnoreCase(rule.Direction))
                .SelectMany(rule => rule.PortBoundaries())
                .Concat(new[] { 0 })
                .Where(port => port <= 65535)
                .Distinct()
                .OrderBy(port => port)
                .ToList();

        /// <summary>The deciding rule for every destination piece, for flows from <paramref name="source"/> to one port.</summary>
        public static IReadOnlyList<NsgDecision> DecideEverywhere(IReadOnlyList<NsgSecurityRule> ordered, NsgSourceClass source, int port, string protocol) =>
            Destinations(ordered).Select(destination => Decide(ordered, source, destination, port, protocol)).ToList();

        /// <summary>The rules that decide at least one flow from <paramref name="source"/>, anywhere, on any port and protocol.</summary>
        public static IReadOnlyCollection<NsgSecurityRule> DecidingRules(IReadOnlyList<NsgSecurityRule> ordered, NsgSourceClass source)
        {
            var deciding = new HashSet<NsgSecurityRule>();
            var destinations = Destinations(ordered);
            var ports = Ports(ordered);
            foreach (var protocol in NsgTraffic.Protocols)
            {
                foreach (var port in NsgTraffic.HasPorts(protocol) ? ports : new[] { 0 })
                {
                    foreach (var destination in destinations)
                    {
                        deciding.Add(Decide(ordered, source, destination, port, protocol).Rule);
                    }
                }
            }

            return deciding;
        }
    }
}
