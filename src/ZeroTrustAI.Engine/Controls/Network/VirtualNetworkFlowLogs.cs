using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Traffic in every virtual network is recorded by an enabled flow log kept long enough to investigate.</summary>
    public sealed class VirtualNetworkFlowLogs : Control
    {
        private const int MinimumRetentionDays = 90;

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-102",
            Title = "Virtual networks have enabled flow logs kept for at least 90 days",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every virtual network is covered by an enabled Network Watcher flow log (networkWatchers/flowLogs) that targets the virtual network or one of its subnets, or, for the older NSG flow logs, every NSG attached to its subnets has one; a log's retentionPolicy keeps records at least 90 days (retention off or 0 days keeps them indefinitely).",
            Rationale = """
            Flow logs are the record of which host talked to which model endpoint, store or Internet address. Without them an
            exfiltration by a compromised agent or notebook, or lateral movement towards GPU hosts, cannot be reconstructed.
            """,
            Checks = """
            - Data sets: `Microsoft.Network/virtualNetworks` (subnets inline, with `networkSecurityGroup.id`) and
              `Microsoft.Network/networkWatchers/flowLogs` (in Resource Graph).
            - A flow log counts when `properties.enabled` is `true` and `properties.retentionPolicy` keeps at least 90 days:
              `retentionPolicy.enabled` `false` or absent, or `days` `0`, keeps records indefinitely; `days` 1-89 is too short.
            - **Pass** when a counting flow log's `properties.targetResourceId` is the virtual network or one of its subnets, or
              when every NSG attached to its subnets (at least one) is the target of a counting flow log. **Fail** otherwise,
              naming disabled or short-lived logs. Target: the virtual network.
            """,
            Remediation = """
            - CLI: `az network watcher flow-log create -l <region> -g <rg> -n fl-<vnet> --vnet <vnet-id> --storage-account <storage-id> --retention 90 --enabled true`
            - Send the logs to Traffic Analytics (`--workspace`) to query them; NSG flow logs are retired, so prefer virtual network flow logs.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview",
                "https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-cli",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "LT-4", "LT-6" },
                azurePolicy: new[] { "4c3c6c5f-0d47-4402-99b8-aa543dd8bcee", "c251913d-7d24-4958-af87-478ed3b9ba41" },
                psRule: new[] { "Azure.NSG.FlowLogs" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.VirtualNetwork), DataSets.Arm(ResourceTypes.FlowLog) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var logs = snapshot.ResourcesOfType(ResourceTypes.FlowLog)
                .Where(l => l.GetString("properties.targetResourceId") != null)
                .ToLookup(l => l.GetString("properties.targetResourceId")!, ResourceTypes.Comparer);
            foreach (var vnet in snapshot.ResourcesOfType(ResourceTypes.VirtualNetwork))
            {
                var subnets = vnet.Raw.GetArray("properties.subnets").ToList();
                var targets = new[] { vnet.Id }.Concat(subnets.Select(s => s.GetString("id")).Where(id => id != null).Select(id => id!)).ToList();
                var direct = targets.SelectMany(t => logs[t]).ToList();
                var nsgIds = subnets.Select(s => s.GetString("properties.networkSecurityGroup.id")).Where(id => id != null).Select(id => id!).Distinct(ResourceTypes.Comparer).ToList();
                var viaNsgs = nsgIds.SelectMany(id => logs[id]).ToList();
                var all = direct.Concat(viaNsgs).ToList();
                var evidence = all.Select(l => new Evidence(l.Id, l.Raw.GetRawText("properties"), "enabled true, retention off, 0 or >= 90 days")).ToArray();

                var counting = direct.Where(Counts).ToList();
                if (counting.Count > 0)
                {
                    yield return Pass(vnet, $"Virtual network traffic is logged by {string.Join(", ", counting.Select(l => l.Name))} ({Retention(counting[0])}).", evidence);
                    continue;
                }

                if (nsgIds.Count > 0 && nsgIds.All(id => logs[id].Any(Counts)))
                {
                    yield return Pass(vnet, $"Every NSG on the virtual network's subnets has an enabled NSG flow log ({string.Join(", ", viaNsgs.Where(Counts).Select(l => l.Name))}).", evidence);
                    continue;
                }

                var reason = all.Count == 0
                    ? "Virtual network has no flow log, and neither have the NSGs on its subnets."
                    : $"Virtual network has no enabled flow log kept 90 days: {string.Join("; ", all.Select(l => $"{l.Name} ({(l.GetBool("properties.enabled") == true ? Retention(l) : "disabled")})"))}.";
                yield return Fail(vnet, reason, evidence).WithFix(RemediationFix.AzureCli(
                    "# STORAGE_ACCOUNT_ID: the storage account for the logs, in the virtual network's region.",
                    $"az network watcher flow-log create --location {Quote.Shell(vnet.Location ?? string.Empty)} --resource-group {Quote.Shell(ManagementPortExposure.ResourceGroupOf(vnet.Id))} --name {Quote.Shell("fl-" + vnet.Name)}"
                    + $" --vnet {Quote.Shell(vnet.Id)} --storage-account \"$STORAGE_ACCOUNT_ID\" --retention {MinimumRetentionDays.ToString(CultureInfo.InvariantCulture)} --enabled true"));
            }
        }

        private static bool Counts(ArmResource log) =>
            log.GetBool("properties.enabled") == true && (RetentionDays(log) is not int days || days == 0 || days >= MinimumRetentionDays);

        /// <summary>Days kept; null when retention is off (records are kept indefinitely).</summary>
        private static int? RetentionDays(ArmResource log)
        {
            if (log.GetBool("properties.retentionPolicy.enabled") != true)
            {
                return null;
            }

            return int.TryParse(log.GetString("properties.retentionPolicy.days") ?? "0", NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) ? days : 0;
        }

        private static string Retention(ArmResource log) =>
            RetentionDays(log) is int days && days > 0 ? $"kept {days.ToString(CultureInfo.InvariantCulture)} days" : "kept indefinitely";
    }
}
