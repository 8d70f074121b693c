using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reachability;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Blob data that AI reads is kept immutable for a retention period, so a poisoned write can always be undone.</summary>
    public sealed class StorageAiDataImmutability : Control
    {
        private const string StorageApi = "2023-05-01";
        private const string AccountPolicy = "properties.immutableStorageWithVersioning";
        private const int EvidenceLimit = 10;

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-150",
            Title = "Blob data AI reads is immutable for a retention period",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every storage account that an AI identity or AI resource reaches keeps its blob data under a locked time-based immutability policy: an account-level default policy (version-level immutability), or a policy or legal hold on every container.",
            Rationale = """
            Versioning and soft delete keep earlier copies of a grounding document or a training file, but whoever can
            write the account's settings or delete versions can also erase that history before poisoning the data. An
            immutability policy keeps every blob version unchanged and undeletable for its period, even for an account
            owner; once locked, nobody can shorten or remove it. With version-level immutability, overwrites still
            succeed and create new versions, so RAG pipelines keep working while every earlier version stays as evidence
            and as the way back.
            """,
            Checks = """
            Judges only storage accounts that AI reaches (the AI reachability index: role assignments of AI identities,
            Foundry and ML connections, ML default storage and datastores, AI Search shared private links); every other
            account is NotApplicable. Reads the account's `properties.immutableStorageWithVersioning` and, when the
            account has no default policy in force, its blob containers (`Microsoft.Storage/storageAccounts/blobServices/containers`,
            ARM GET `<account id>/blobServices/default/containers?api-version=2023-05-01`).

            - Accounts with `properties.isNfsV3Enabled` or `properties.isSftpEnabled` true are NotApplicable: immutability
              policies are not supported there.
            - **Pass** when `immutableStorageWithVersioning.enabled` is `true` and `immutabilityPolicy.state` is `Locked`
              (the account-level default covers every container, including new ones).
            - Otherwise the containers decide (an account-level policy that is absent or `Disabled` protects nothing):
              a container is protected by `properties.hasImmutabilityPolicy == true` (container-level or version-level
              default policy) or `properties.hasLegalHold == true`.
              **Fail** when any container is unprotected, naming them. **Warning** when all are protected but a policy is
              `Unlocked` (`properties.immutabilityPolicy.properties.state`), or the account-level policy is `Unlocked`:
              anyone who can write the account can shorten or delete an unlocked policy. **Pass** when every container
              has a locked policy or a legal hold.
            - The fix creates a policy on each unprotected container and, except on hierarchical namespace accounts (where
              version-level immutability is not supported), migrates the container to version-level immutability.
            - An account without containers is NotApplicable. When containers were not collected and the account-level
              policy is not locked, the account is Skipped, naming the missing data.
            """,
            Remediation = """
            - New accounts: create them with account-level version immutability and a default policy
              (`immutableStorageWithVersioning: { enabled: true, immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: 30, state: 'Unlocked' } }`),
              then lock the policy once the period is settled.
            - Existing containers: turn blob versioning on (ZTAI-DATA-105), create a time-based policy on the container
              (`az rest --method put --url "https://management.azure.com/<container-id>/immutabilityPolicies/default?api-version=2023-05-01" --body '{"properties":{"immutabilityPeriodSinceCreationInDays":30}}'`),
              then migrate the container to version-level immutability (`az rest --method post --url "https://management.azure.com/<container-id>/migrate?api-version=2023-05-01"`)
              so that overwrites create versions instead of failing.
            - Lock a tested policy: `az rest --method post --url "https://management.azure.com/<container-id>/immutabilityPolicies/default/lock?api-version=2023-05-01" --headers "If-Match=<policy etag>"`.
              Locking cannot be undone.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/blobs/immutable-storage-overview",
                "https://learn.microsoft.com/azure/storage/blobs/immutable-version-level-worm-policies",
                "https://learn.microsoft.com/azure/storage/blobs/immutable-policy-configure-version-scope",
                "https://learn.microsoft.com/rest/api/storagerp/blob-containers/list",
                "https://learn.microsoft.com/rest/api/storagerp/storage-accounts/get-properties",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "BR-2", "DP-8" },
                owaspLlm: new[] { "LLM04:2025 Data and Model Poisoning" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.StorageAccount) },
            OptionalData = new[] { DataSets.Arm(ResourceTypes.StorageBlobContainer) },
            Uses = new[] { AiReachability.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var reachability = AiReachability.For(snapshot);
            var containerData = DataSets.Arm(ResourceTypes.StorageBlobContainer);
            var containersCollected = snapshot.GetAvailability(containerData).State == DataState.Available;
            var containersByAccount = snapshot.ResourcesOfType(ResourceTypes.StorageBlobContainer)
                .Where(c => c.GetBool("properties.deleted") != true)
                .ToLookup(c => AccountIdOf(c.Id), StringComparer.OrdinalIgnoreCase);

            foreach (var account in snapshot.ResourcesOfType(ResourceTypes.StorageAccount))
            {
                if (reachability.Of(account.Id).Count == 0)
                {
                    yield return NotApplicable(account, "No AI identity or AI resource reaches this account: immutability is judged where AI reads data.");
                    continue;
                }

                if (account.GetBool("properties.isNfsV3Enabled") == true || account.GetBool("properties.isSftpEnabled") == true)
                {
                    yield return NotApplicable(account, "NFS 3.0 or SFTP is enabled on the account, where immutability policies are not supported.",
                        Observed(account, "properties.isNfsV3Enabled", "false"), Observed(account, "properties.isSftpEnabled", "false"));
                    continue;
                }

                var accountEnabled = account.GetBool(AccountPolicy + ".enabled") == true;
                var accountState = account.GetString(AccountPolicy + ".immutabilityPolicy.state");
                var accountEvidence = new[]
                {
                    Observed(account, AccountPolicy + ".enabled", "true"),
                    Observed(account, AccountPolicy + ".immutabilityPolicy.state", "\"Locked\""),
                };
                var days = account.Get(AccountPolicy + ".immutabilityPolicy.immutabilityPeriodSinceCreationInDays")?.ToString();
                if (accountEnabled && accountState.EqualsIgnoreCase("Locked"))
                {
                    yield return Pass(account, $"Account-level version immutability is on with a locked {days}-day default policy: every blob version in every container stays unchanged for its period.", accountEvidence);
                    continue;
                }

                if (accountEnabled && accountState.EqualsIgnoreCase("Unlocked"))
                {
                    yield return Warn(account, $"Account-level version immutability is on, but its {days}-day default policy is unlocked: anyone who can write the account's settings can shorten or disable it before poisoning the data.", accountEvidence)
                        .WithFix(LockAccountPolicy(account, days));
                    continue;
                }

                var accountWords = accountEnabled
                    ? $"account-level version immutability is on without a default policy in force (state {accountState ?? "absent"})"
                    : "account-level immutability is off";
                if (!containersCollected)
                {
                    yield return NotCollected(ResultTarget.From(account), $"Storage account '{account.Name}' ({accountWords})", new[] { containerData });
                    continue;
                }

                var containers = containersByAccount[account.Id].ToList();
                if (containers.Count == 0)
                {
                    yield return NotApplicable(account, $"The account holds no blob containers ({accountWords}; containers created later need a policy of their own).", accountEvidence);
                    continue;
                }

                var unprotected = containers.Where(c => c.GetBool("properties.hasImmutabilityPolicy") != true && c.GetBool("properties.hasLegalHold") != true).ToList();
                if (unprotected.Count > 0)
                {
                    yield return Fail(
                            account,
                            $"{unprotected.Count} of {containers.Count} blob containers have no immutability policy or legal hold ({accountWords}): {Names(unprotected)}.",
                            accountEvidence.Concat(unprotected.Take(EvidenceLimit).Select(c => ContainerEvidence(c, "properties.hasImmutabilityPolicy", "true"))).ToArray())
                        .WithFix(ProtectContainers(account, unprotected));
                    continue;
                }

                var unlocked = containers.Where(c => c.GetBool("properties.hasLegalHold") != true
                                                     && !c.GetString("properties.immutabilityPolicy.properties.state").EqualsIgnoreCase("Locked")).ToList();
                if (unlocked.Count > 0)
                {
                    yield return Warn(
                            account,
                            $"Every blob container has an immutability policy or legal hold, but {unlocked.Count} rely on an unlocked policy that anyone who can write the account can shorten or delete: {Names(unlocked)}.",
                            unlocked.Take(EvidenceLimit).Select(c => ContainerEvidence(c, "properties.immutabilityPolicy.properties.state", "\"Locked\"")).ToArray())
                        .WithFix(LockContainerPolicies(unlocked));
                    continue;
                }

                yield return Pass(account, $"All {containers.Count} blob containers have a locked immutability policy or a legal hold.",
                    containers.Take(EvidenceLimit).Select(c => ContainerEvidence(c, "properties.immutabilityPolicy.properties.state", "\"Locked\"")).ToArray());
            }
        }

        /// <summary>The storage account a container id belongs to (the id before "/blobServices/").</summary>
        private static string AccountIdOf(string containerId)
        {
            var at = containerId.IndexOf("/blobServices/", StringComparison.OrdinalIgnoreCase);
            return at < 0 ? containerId : containerId.Substring(0, at);
        }

        private static string Names(List<ArmResource> containers) =>
            string.Join(", ", containers.Take(EvidenceLimit).Select(c => "'" + c.Name + "'"))
            + (containers.Count > EvidenceLimit ? $" and {containers.Count - EvidenceLimit} more" : string.Empty);

        private static Evidence ContainerEvidence(ArmResource container, string path, string expected) =>
            new Evidence($"containers/{container.Name}.{path}", container.Raw.GetRawText(path), expected);

        private static string Url(string id, string suffix) => Quote.Shell($"https://management.azure.com{id}{suffix}?api-version={StorageApi}");

        private static RemediationFix ProtectContainers(ArmResource account, IEnumerable<ArmResource> containers)
        {
            // Version-level immutability is not supported on hierarchical namespace accounts; container-level policies are.
            var versionLevel = account.GetBool("properties.isHnsEnabled") != true;
            var header = versionLevel
                ? new[]
                {
                    $"# {account.Id}: blob versioning must be on first (ZTAI-DATA-105). Each container gets an unlocked 30-day policy,",
                    "# then migrates to version-level immutability, so overwrites create versions instead of failing (writes fail",
                    "# until the migration completes). Adjust the period, test, then lock the policies (locking cannot be undone).",
                }
                : new[]
                {
                    $"# {account.Id}: the hierarchical namespace rules out version-level immutability, so each container gets an unlocked",
                    "# 30-day container-level policy: blobs can be neither overwritten nor deleted for the period. Adjust the period,",
                    "# test with the workloads that write there, then lock the policies (locking cannot be undone).",
                };
            return RemediationFix.AzureCli(
                header
                .Concat(containers.SelectMany(c => new[]
                {
                    $"az rest --method put --url {Url(c.Id, "/immutabilityPolicies/default")} --body {Quote.Shell("{\"properties\":{\"immutabilityPeriodSinceCreationInDays\":30}}")}",
                    versionLevel ? $"az rest --method post --url {Url(c.Id, "/migrate")}" : null,
                }).OfType<string>())
                .ToArray());
        }

        private static RemediationFix LockContainerPolicies(IEnumerable<ArmResource> containers) =>
            RemediationFix.AzureCli(
                new[] { "# Locking cannot be undone: check each period first. The If-Match value is the policy's etag at collection time." }
                .Concat(containers.Select(c =>
                    $"az rest --method post --url {Url(c.Id, "/immutabilityPolicies/default/lock")} --headers {Quote.Shell("If-Match=" + c.GetString("properties.immutabilityPolicy.etag"))}"))
                .ToArray());

        private static RemediationFix LockAccountPolicy(ArmResource account, string? days) =>
            RemediationFix.AzureCli(
                "# Locking cannot be undone: a locked period can only be extended. Check the period first.",
                $"az rest --method patch --url {Url(account.Id, string.Empty)} --body "
                + Quote.Shell("{\"properties\":{\"immutableStorageWithVersioning\":{\"enabled\":true,\"immutabilityPolicy\":{\"immutabilityPeriodSinceCreationInDays\":" + (days ?? "30") + ",\"state\":\"Locked\"}}}}"));
    }
}
