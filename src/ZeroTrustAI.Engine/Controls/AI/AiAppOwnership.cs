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
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-009",
            Title = "AI apps have member owners and require assignment",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every agentic app service principal (tagged AgenticApp, AgenticInstance or power-virtual-agents-*) has at least one owner, no guest owner, and appRoleAssignmentRequired set to true.",
            Rationale = """
            An AI app nobody owns is never reviewed: its permissions, consents and credentials drift. A guest owner is someone
            outside the organisation who can add a credential to the app and act as it. And when "assignment required" is off,
            every user and every app in the tenant can obtain a token for the agent and drive it, which widens the audience for
            prompt injection and for the data the agent can reach.
            """,
            Checks = """
            - Targets: service principals whose `tags` contain `AgenticApp`, `AgenticInstance` or start with
              `power-virtual-agents-` (Copilot Studio), compared ignoring case.
            - Owners: `graph/servicePrincipals.owners` entries whose `ownedObjectId` is the service principal, plus
              `graph/applications.owners` entries for its app registration (matched on `appId`), plus inline `owners`.
            - A guest owner has `userType` `Guest` or a `userPrincipalName` containing `#EXT#`.
            - Pass: at least one owner, no guest owner, and `appRoleAssignmentRequired` is `true` on the service principal (absent
              fails: the Graph default is `false`). Owners that were not collected at all fail with that reason.
            """,
            Remediation = """
            Entra admin center > Enterprise applications > the app > Owners: add a member owner, remove guests; Properties:
            set "Assignment required?" to Yes; Users and groups: assign who may use the agent. With PowerShell:
            ```powershell
            New-MgServicePrincipalOwnerByRef -ServicePrincipalId <id> -BodyParameter @{ '@odata.id' = 'https://graph.microsoft.com/v1.0/users/<userId>' }
            Update-MgServicePrincipal -ServicePrincipalId <id> -AppRoleAssignmentRequired
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/enterprise-apps/assign-app-owners",
                "https://learn.microsoft.com/entra/identity/enterprise-apps/assign-user-or-group-access-portal",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_002", "AI_018" },
                zeroTrustAssessment: new[] { "21867", "21868" },
                mcsb: new[] { "IM-3", "PA-4" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var agent in directory.Agents.Where(a => a.Kind == AgentKind.ServicePrincipal))
            {
                var owners = OwnersOf(directory, agent);
                var guests = owners?.Where(IsGuest).Select(o => o.GetString("userPrincipalName") ?? o.GetString("displayName") ?? o.GetString("id") ?? "?").ToList() ?? new List<string>();
                var raw = agent.Raw;
                var assignmentRequired = raw.GetBool("appRoleAssignmentRequired");

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
                    new Evidence("owners", owners == null ? null : JsonText.StringArray(owners.Select(o => o.GetString("userPrincipalName") ?? o.GetString("displayName") ?? o.GetString("id"))), "at least 1 owner, none a guest"),
                    Observed(raw, "appRoleAssignmentRequired", "true"),
                };
                var target = AgentFindings.Target(agent);
                yield return problems.Count == 0
                    ? Pass(target, $"AI app '{agent.DisplayName}' has {owners!.Count.ToString(CultureInfo.InvariantCulture)} member owner(s) and requires assignment.", evidence)
                    : Fail(target, $"AI app '{agent.DisplayName}': {string.Join("; ", problems)}.", evidence)
                        .WithFix(FixFor(agent, owners, assignmentRequired == true));
            }
        }

        private static RemediationFix FixFor(DirectoryAgent agent, List<JsonElement>? owners, bool assignmentRequired)
        {
            var lines = new List<string> { GraphFixes.Connect("Application.ReadWrite.All") };
            if (owners != null && owners.Count == 0)
            {
                lines.AddRange(GraphFixes.AddOwner("servicePrincipals/" + agent.Id, agent.DisplayName));
            }

            foreach (var guest in (owners ?? new List<JsonElement>()).Where(IsGuest))
            {
                lines.Add(GraphFixes.Comment("remove the guest owner " + (guest.GetString("userPrincipalName") ?? guest.GetString("displayName") ?? string.Empty)));
                lines.Add("Invoke-MgGraphRequest -Method DELETE -Uri " + Quote.PowerShell(GraphFixes.V1 + "servicePrincipals/" + agent.Id + "/owners/" + guest.GetString("id") + "/$ref"));
            }

            if (!assignmentRequired)
            {
                lines.Add(GraphFixes.Comment($"Only users and groups assigned to '{agent.DisplayName}' may use it (assign them first)."));
                lines.Add("Update-MgServicePrincipal -ServicePrincipalId " + Quote.PowerShell(agent.Id) + " -AppRoleAssignmentRequired:$true");
            }

            return RemediationFix.PowerShell(lines.ToArray());
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
