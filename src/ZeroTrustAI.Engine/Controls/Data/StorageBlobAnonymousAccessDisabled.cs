using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>No container of a storage account can be opened to anonymous readers.</summary>
    public sealed class StorageBlobAnonymousAccessDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-021",
            Title = "Storage accounts disallow anonymous blob access",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every storage account has properties.allowBlobPublicAccess set to false, so no container can be made readable without authorization.",
            Rationale = """
            When the account-level setting allows it, a single container ACL change publishes every blob in that container to
            the Internet, readable by anyone without credentials and without a trace of who read it. Training corpora and RAG
            source documents exposed this way are scraped in bulk.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts`.
            - Property: `properties.allowBlobPublicAccess`.
            - **Pass** when it is `false`. **Fail** when it is `true` or absent.
            - Why absent fails: accounts created since late 2023 default to `false`, but older accounts and requests made with
              older API versions default to `true`, and a snapshot does not show which applies. The reason line says so.

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. List containers with a public access level (`az storage container list --account-name <account> --auth-mode login
               --query "[?properties.publicAccess]"`) and give their readers Entra ID access or user-delegation SAS instead.
            2. Disallow anonymous access on the account.
               - Portal: storage account > Settings > Configuration > *Allow Blob anonymous access* = Disabled.
               - CLI: `az storage account update -n <account> -g <rg> --allow-blob-public-access false`
               - Bicep: `properties: { allowBlobPublicAccess: false }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",
                "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-configure",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "NS-2", "PA-7" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" },
                azurePolicy: new[] { "4fa4b6c0" },
                psRule: new[] { "Azure.Storage.BlobPublicAccess" }),
        };

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.allowBlobPublicAccess", "false")
            {
                // Accounts created since late 2023 default to false, but older accounts and older API versions default to true.
                AbsentMeans = "accounts created before late 2023 or through older API versions default to allowing it",
            },
        };

        protected override string PassText => "disallows anonymous blob access";

        protected override string FailText => "allows containers to be made public";
    }
}
