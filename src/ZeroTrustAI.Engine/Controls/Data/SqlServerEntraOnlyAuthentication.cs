using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Azure SQL logical servers accept Entra ID sign-ins only, not SQL logins.</summary>
    public sealed class SqlServerEntraOnlyAuthentication : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-106",
            Title = "Azure SQL servers use Microsoft Entra-only authentication",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every Azure SQL logical server has properties.administrators.azureADOnlyAuthentication set to true, so SQL logins (user name and password, including the server admin) are refused.",
            Rationale = """
            Agents and RAG pipelines query SQL databases with whatever credential they were given. A SQL login is a password in
            a connection string: no Conditional Access, no token lifetime, no managed identity. Entra-only authentication makes
            every caller, the agent included, an Entra identity that can be scoped, reviewed and revoked.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Sql/servers` (Resource Graph `resources`).
            - Property: `properties.administrators.azureADOnlyAuthentication` (as returned by `Microsoft.Sql/servers` GET,
              api-version 2021-11-01 and later).
            - **Pass** when it is `true`. **Fail** when it is `false`, or absent (a server without an Entra administrator
              accepts SQL logins).
            """,
            Remediation = """
            - Portal: SQL server > Settings > Microsoft Entra ID > *Support only Microsoft Entra authentication for this server*.
            - CLI: `az resource update --ids <server-id> --set properties.administrators.azureADOnlyAuthentication=true`
              (an Entra administrator must be set first).
            - Bicep: `resource adOnly 'Microsoft.Sql/servers/azureADOnlyAuthentications@2023-08-01' = { parent: server, name: 'Default', properties: { azureADOnlyAuthentication: true } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/azure-sql/database/authentication-azure-ad-only-authentication",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "IM-1" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" },
                azurePolicy: new[] { "b3a22bc9", "abda6d70" }),
        };

        protected override string ResourceType => ResourceTypes.SqlServer;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.administrators.azureADOnlyAuthentication", "true") { Default = "false", AbsentMeans = "no Entra-only setting: SQL logins are accepted" },
        };

        protected override string PassText => "accepts Entra ID authentication only";

        protected override string FailText => "accepts SQL logins";
    }
}
