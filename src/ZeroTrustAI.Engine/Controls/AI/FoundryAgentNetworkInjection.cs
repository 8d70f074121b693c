using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Foundry resources run the Agent Service inside a virtual network (network injection for agents).</summary>
    public sealed class FoundryAgentNetworkInjection : Control
    {
        private const string ProjectManagementPath = "properties.allowProjectManagement";
        private const string InjectionsPath = "properties.networkInjections";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-171",
            Title = "Foundry agents run inside a virtual network",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Foundry resource (a Cognitive Services account with properties.allowProjectManagement true) injects the Agent Service into a network: properties.networkInjections has an item with scenario 'agent' and a subnetArmId (or useMicrosoftManagedNetwork true).",
            Rationale = """
            Foundry agents call tools, code interpreters, search indexes and storage on their own. Without network injection those calls leave from Microsoft's shared network, so the data stores an agent uses must stay reachable from outside and an injected instruction can make the agent fetch from, or send to, anywhere. Injecting the agent runtime into a subnet puts its traffic under the organisation's private endpoints, NSGs and firewall.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts` (api-version 2025-06-01).

            - Applies to accounts with `properties.allowProjectManagement == true` (Foundry resources that host projects and agents). Other accounts → **NotApplicable**.
            - Path: `properties.networkInjections[]` (items `scenario` `agent`/`none`, `subnetArmId`, `useMicrosoftManagedNetwork`).
            - Pass: an item with `scenario == 'agent'` (compared without case) and a non-empty `subnetArmId` or `useMicrosoftManagedNetwork == true`.
            - Fail: no such item (absent list, only `none`, or an agent item without a subnet).
            - Target: the account.
            """,
            Remediation = """
            The agent subnet is chosen when the Foundry resource is created: create a new resource with network injection and move the projects.

            - Bicep:

            ```bicep
            resource foundry 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
              name: 'aif-contoso'
              location: location
              kind: 'AIServices'
              sku: { name: 'S0' }
              identity: { type: 'SystemAssigned' }
              properties: {
                allowProjectManagement: true
                customSubDomainName: 'aif-contoso'
                publicNetworkAccess: 'Disabled'
                disableLocalAuth: true
                networkInjections: [
                  { scenario: 'agent', subnetArmId: agentSubnetId, useMicrosoftManagedNetwork: false }
                ]
              }
            }
            ```

            The subnet must be delegated to `Microsoft.App/environments`.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-foundry/agents/how-to/virtual-networks",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-1", "NS-2" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.CognitiveServicesAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesAccount))
            {
                if (account.GetBool(ProjectManagementPath) != true)
                {
                    yield return NotApplicable(account, $"{account.Kind ?? "Cognitive Services"} account: not a Foundry resource (allowProjectManagement is not true), so it hosts no agents.", Observed(account, ProjectManagementPath, "true"));
                    continue;
                }

                var evidence = Observed(account, InjectionsPath, "an item with scenario \"agent\" and a subnetArmId");
                var agent = account.Raw.GetArray(InjectionsPath).FirstOrDefault(i =>
                    i.GetString("scenario").EqualsIgnoreCase("agent")
                    && (!string.IsNullOrWhiteSpace(i.GetString("subnetArmId")) || i.GetBool("useMicrosoftManagedNetwork") == true));
                if (agent.ValueKind == System.Text.Json.JsonValueKind.Object)
                {
                    var where = agent.GetString("subnetArmId") is string subnet && subnet.Length > 0 ? "subnet " + subnet : "the Microsoft-managed network";
                    yield return Pass(account, $"Foundry resource runs its agents in {where}.", evidence);
                    continue;
                }

                yield return Fail(account, "Foundry resource runs its agents outside any virtual network (no networkInjections item for scenario 'agent' with a subnet).", evidence)
                    .WithFix(RemediationFix.Later(FixLanguage.Bicep, (account.Id, account.Name, account.Location, account.Kind), static fix => new[]
                    {
                        $"// {fix.Id}: the agent subnet is set only at creation; create a new Foundry resource from this and move the projects.",
                        "resource foundry 'Microsoft.CognitiveServices/accounts@2025-06-01' = {",
                        $"  name: {Quote.Bicep(fix.Name + "-vnet")}",
                        $"  location: {Quote.Bicep(fix.Location ?? "<location>")}",
                        $"  kind: {Quote.Bicep(fix.Kind ?? "AIServices")}",
                        "  sku: { name: 'S0' }",
                        "  identity: { type: 'SystemAssigned' }",
                        "  properties: {",
                        "    allowProjectManagement: true",
                        $"    customSubDomainName: {Quote.Bicep(fix.Name + "-vnet")}",
                        "    networkInjections: [",
                        "      { scenario: 'agent', subnetArmId: '<agent-subnet-resource-id>', useMicrosoftManagedNetwork: false }",
                        "    ]",
                        "  }",
                        "}",
                    }));
            }
        }
    }
}
