using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Agentic apps have accountable member owners and admit only users and apps assigned to them.</summary>
    public sealed class AiAppOwnership : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-009",
            Title = "AI apps have member owners and require assignment",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every agentic app service principal (tagged AgenticApp, AgenticInstance or power-virtual-agents-*) has at least one owner, no guest owner, and appRoleAssignmentRequired set to true.",
            Rationale = "An AI app without an owner is never reviewed and its permissions and credentials drift. A guest owner is an outsider who can add credentials to the app and act as it. Without assignment required, every user and app in the tenant can obtain tokens for the agent and drive it, which widens the audience for prompt injection and data exposure.",
            Remediation = "Add a member (not guest) owner to the enterprise application or its app registration, remove guest owners, and set \"Assignment required\" to Yes (Update-MgServicePrincipal -ServicePrincipalId <id> -AppRoleAssignmentRequired), then assign the users and groups that should use the agent.",
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/enterprise-apps/assign-app-owners",
                "https://learn.microsoft.com/entra/identity/enterprise-apps/assign-user-or-group-access-portal",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_002", "AI_018" },
                ZeroTrustAssessment = new[] { "21867", "21868" },
                Mcsb = new[] { "IM-3", "PA-4" },
                OwaspLlm = new[] { "LLM06:2025 Excessive Agency" },
            },
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals) },
            OptionalData = GraphSetNames.DirectoryDataSets,
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var agent in directory.Agents.Where(a => a.Kind == AgentKind.ServicePrincipal))
            {
                var owners = OwnersOf(directory, agent);
                var guests = owners?.Where(IsGuest).Select(o => o.GetString("userPrincipalName") ?? o.GetString("displayName") ?? o.GetString("id") ?? "?").ToList() ?? new List<string>();
                var assignmentRequired = agent.Raw.GetBool("appRoleAssignmentRequired");

                var problems = new List<string>();
                if (owners == null)
                {
                    problems.Add("owners were not collected");
                }
                else if (owners.Count == 0)
                {
                    problems.Add("no owner");
                }

                if (guests.Count > 0)
                {
                    problems.Add("guest owner(s): " + string.Join(", ", guests));
                }

                if (assignmentRequired != true)
                {
                    problems.Add(assignmentRequired == null
                        ? "appRoleAssignmentRequired is absent (the default, false, lets anyone in the tenant use the app)"
                        : "appRoleAssignmentRequired is false: anyone in the tenant can use the app");
                }

                var evidence = new[]
                {
                    new Evidence("owners", owners == null ? null : JsonSerializer.Serialize(owners.Select(o => o.GetString("userPrincipalName") ?? o.GetString("displayName") ?? o.GetString("id")).ToArray()), "at least 1 owner, none a guest"),
                    Observed(agent.Raw, "appRoleAssignmentRequired", "true"),
                };
                var target = AgentFindings.Target(agent);
                yield return problems.Count == 0
                    ? Pass(target, $"AI app '{agent.DisplayName}' has {owners!.Count.ToString(CultureInfo.InvariantCulture)} member owner(s) and requires assignment.", evidence)
                    : Fail(target, $"AI app '{agent.DisplayName}': {string.Join("; ", problems)}.", evidence);
            }
        }

        /// <summary>Owners of the service principal and of its app registration; null when neither was collected.</summary>
        private static List<JsonElement>? OwnersOf(GraphDirectory directory, DirectoryAgent agent)
        {
            var ofServicePrincipal = directory.OwnersOf(agent.Id);
            var application = directory.FindApplicationByAppId(agent.AppId);
            var ofApplication = application?.GetString("id") is string applicationId ? directory.OwnersOf(applicationId) : null;
            if (ofServicePrincipal == null && ofApplication == null)
            {
                return null;
            }

            return (ofServicePrincipal ?? Array.Empty<JsonElement>())
                .Concat(ofApplication ?? Array.Empty<JsonElement>())
                .GroupBy(o => o.GetString("id") ?? o.GetRawText(), StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .ToList();
        }

        private static bool IsGuest(JsonElement owner) =>
            owner.GetString("userType").EqualsIgnoreCase("Guest")
            || (owner.GetString("userPrincipalName")?.IndexOf("#EXT#", StringComparison.OrdinalIgnoreCase) ?? -1) >= 0;
    }
}
