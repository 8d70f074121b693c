using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reachability;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>AI identities reach data stores through narrow data roles, not Owner, Contributor or data-owner roles.</summary>
    public sealed class AiIdentityBroadDataRoles : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-114",
            Title = "AI identities hold no owner-level role on the data stores they reach",
            Pillar = Pillar.Data,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "No agent or AI resource managed identity holds Owner, Contributor, Storage Account Contributor, Storage Blob Data Owner or Key Vault Administrator on a storage account, Key Vault, Cosmos DB account, AI Search service or SQL server, directly or inherited from its resource group, subscription or management group.",
            Rationale = """
            An agent that reads grounding documents needs a reader role on one container, not ownership of the account. With
            Storage Blob Data Owner it can rewrite ACLs and every blob; with Contributor it can list the account keys and hand
            out SAS; with Key Vault Administrator it can read and delete every secret and key. Prompt injection turns those
            rights into the attacker's.
            """,
            Checks = """
            Uses the AI reachability index (docs/architecture.md, "What AI can reach"): role assignments
            (`Microsoft.Authorization/roleAssignments`, `properties.principalId`, `properties.roleDefinitionId`,
            `properties.scope`) held by an agent in the directory or by the managed identity (`identity.principalId`,
            `identity.userAssignedIdentities.*.principalId`) of an AI Services / OpenAI account, Foundry project, ML
            workspace or AI Search service, at the store's scope or any scope above it (resource group, subscription, a
            management group named in the subscription's `properties.managementGroupAncestorsChain`, or `/`).

            - **Fail** when one of them is Owner `8e3af657-a8ff-443c-a75c-2fe8c4bcb635`, Contributor
              `b24988ac-6180-42a0-ab88-20f7382dd24c`, Storage Account Contributor `17d1049b-9a84-46fb-8f53-869881c3d3ab`,
              Storage Blob Data Owner `b7e6dc6d-f1e8-4753-8033-0f276bb0955b` or Key Vault Administrator
              `00482a5a-887f-4fb3-b363-3b7fe8e74483`. The reason names the AI, the role and the scope.
            - **Pass** when AI identities reach the store only through other roles (Storage Blob Data Reader, Key Vault
              Secrets User, Search Index Data Reader, ...).
            - Stores no AI identity holds a role on are not judged. Cosmos DB data-plane roles (`sqlRoleAssignments`) are
              not Azure role assignments and are not read.
            """,
            Remediation = """
            Replace the broad assignment with a data role scoped to what the workload reads:

            ```bash
            az role assignment delete --ids <assignment-id>
            az role assignment create --assignee-object-id <principal-id> --assignee-principal-type ServicePrincipal \
              --role "Storage Blob Data Reader" --scope <account-id>/blobServices/default/containers/<container>
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/role-based-access-control/best-practices",
                "https://learn.microsoft.com/azure/storage/blobs/assign-azure-role-data-access",
                "https://learn.microsoft.com/azure/ai-foundry/concepts/rbac-azure-ai-foundry",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084", "AI_069" },
                mcsb: new[] { "PA-7", "DP-2" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency", "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.RoleAssignment) },
            Uses = new[] { AiReachability.Data, DataRequirement.FindsTargetsIn(ResourceTypes.DataStoreTypes.Select(DataSets.Arm).ToArray()) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var reachability = AiReachability.For(snapshot);
            foreach (var store in ResourceTypes.DataStoreTypes.SelectMany(snapshot.ResourcesOfType))
            {
                var byRole = reachability.Of(store.Id).Where(r => r.RoleDefinitionId != null).ToList();
                if (byRole.Count == 0)
                {
                    continue;
                }

                var broad = byRole.Where(r => AzureRoleNames.BroadDataRoles.Contains(r.RoleDefinitionId!)).ToList();
                var expected = "no Owner, Contributor, Storage Account Contributor, Storage Blob Data Owner or Key Vault Administrator";
                var evidence = (broad.Count > 0 ? broad : byRole)
                    .Select(r => new Evidence($"{r.AssignmentId}.properties.roleDefinitionId", "\"" + r.RoleDefinitionId + "\"", expected))
                    .ToArray();
                yield return broad.Count == 0
                    ? Pass(store, $"AI identities reach it through narrower roles only: {string.Join("; ", byRole)}.", evidence)
                    : Fail(store, $"AI identities hold owner-level roles on it: {string.Join("; ", broad)}.", evidence)
                        .WithFix(RemediationFix.AzureCli(
                            new[] { $"# {store.Id}: remove the owner-level assignments, then grant a data role scoped to what the workload reads." }
                                .Concat(broad.Select(r => "az role assignment delete --ids " + Quote.Shell(r.AssignmentId)))
                                .ToArray()));
            }
        }
    }
}
