using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI Foundry connections reach their targets with Entra ID, not stored keys or secrets.</summary>
    public sealed class FoundryConnectionKeyless : Control
    {
        private static readonly string[] ConnectionTypes =
        {
            ResourceTypes.MachineLearningConnection,
            ResourceTypes.CognitiveServicesConnection,
            ResourceTypes.CognitiveServicesProjectConnection,
        };

        private static readonly string[] KeylessAuthTypes = { "AAD", "ManagedIdentity" };

        /// <summary>Auth types that store a key, token or password in the connection (readable by anyone who can list its secrets).</summary>
        private static readonly string[] StoredSecretAuthTypes =
        {
            "ApiKey", "AccountKey", "SAS", "PAT", "CustomKeys", "UsernamePassword", "AccessKey", "ServicePrincipal", "OAuth2",
        };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-032",
            Title = "AI Foundry connections use Entra ID, not stored keys",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every connection of an AI Foundry hub or ML workspace (workspaces/connections), Foundry resource (accounts/connections) or Foundry project (accounts/projects/connections) has properties.authType AAD or ManagedIdentity. Key, SAS, PAT, password, service-principal-secret and OAuth2 connections fail; authType None is a Warning; absent fails.",
            Rationale = """
            A connection with an API key or secret stores it in the hub or project, where every member who can list connection secrets, and every flow or agent running there, can read it. The key then works from anywhere without Conditional Access. Entra ID connections use the caller's or the project's identity instead.
            """,
            Checks = """
            Reads connection child resources: `Microsoft.MachineLearningServices/workspaces/connections` (hubs, workspaces, api-version 2024-10-01), `Microsoft.CognitiveServices/accounts/connections` and `Microsoft.CognitiveServices/accounts/projects/connections` (Foundry resources and projects, api-version 2025-06-01), nested or separate.

            - Path: `properties.authType` (compared without case).
            - Pass: `AAD` or `ManagedIdentity`.
            - Fail: a type that stores a secret in the connection: `ApiKey`, `AccountKey`, `SAS`, `PAT`, `CustomKeys`, `UsernamePassword`, `AccessKey`, `ServicePrincipal` (client secret), `OAuth2` (client secret); or `authType` absent.
            - Warning: `None` (anonymous target) or any other value.
            - Target: the connection.

            The list of auth types comes from a third-party dump of policy aliases, not from the REST specification; verify against a live hub.
            """,
            Remediation = """
            - Portal (Azure AI Foundry): Management center > Connected resources > + New connection > pick the resource > Authentication = **Microsoft Entra ID**; give the project's managed identity (and users) data-plane roles on the target (e.g. `Search Index Data Reader`, `Cognitive Services OpenAI User`); delete the key-based connection and regenerate the key.
            - CLI: `az ml connection create --file conn.yml -w <hub> -g <rg>` with `type: azure_open_ai` / `azure_ai_search` and no `api_key` (identity-based), then `az ml connection delete -n <old> -w <hub> -g <rg>`.
            - Bicep:

            ```bicep
            resource conn 'Microsoft.MachineLearningServices/workspaces/connections@2024-10-01' = {
              parent: hub
              name: 'conn-oai-contoso-prod'
              properties: {
                category: 'AzureOpenAI'
                target: openAi.properties.endpoint
                authType: 'AAD'
                isSharedToAll: true
                metadata: { ApiType: 'Azure', ResourceId: openAi.id }
              }
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-studio/concepts/connections",
                "https://learn.microsoft.com/azure/ai-studio/how-to/connections-add",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                mcsb: new[] { "IM-3", "IM-8" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = ConnectionTypes.Select(DataSets.Arm).ToArray(),
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var connection in ConnectionTypes.SelectMany(snapshot.ResourcesOfType))
            {
                var authType = connection.GetString("properties.authType");
                var category = connection.GetString("properties.category") ?? "connection";
                var evidence = Observed(connection, "properties.authType", "AAD or ManagedIdentity");
                if (KeylessAuthTypes.Any(t => t.EqualsIgnoreCase(authType)))
                {
                    yield return Pass(connection, $"{category} connection authenticates with Entra ID ({authType}).", evidence);
                }
                else if (authType == null)
                {
                    yield return Fail(connection, $"{category} connection states no authType, so keyless access cannot be confirmed.", evidence).WithFix(KeylessFix(connection));
                }
                else if (StoredSecretAuthTypes.Any(t => t.EqualsIgnoreCase(authType)))
                {
                    yield return Fail(connection, $"{category} connection stores a secret: authType is '{authType}'.", evidence).WithFix(KeylessFix(connection));
                }
                else if (authType.EqualsIgnoreCase("None"))
                {
                    yield return Warn(connection, $"{category} connection has no authentication (authType 'None'); confirm its target is meant to be anonymous.", evidence).WithFix(KeylessFix(connection));
                }
                else
                {
                    yield return Warn(connection, $"{category} connection uses authType '{authType}', which is not known to be keyless; review it.", evidence).WithFix(KeylessFix(connection));
                }
            }
        }

        /// <summary>Rewrites the connection with authType AAD, keeping its category, target and metadata.</summary>
        private static RemediationFix KeylessFix(ArmResource connection)
        {
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["properties"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["category"] = connection.GetString("properties.category"),
                    ["target"] = connection.GetString("properties.target"),
                    ["authType"] = "AAD",
                    ["metadata"] = connection.Get("properties.metadata") is System.Text.Json.JsonElement metadata
                        ? System.Text.Json.Nodes.JsonNode.Parse(metadata.GetRawText())
                        : null,
                },
            };
            return RemediationFix.AzureCli(
                AzureFixes.Comment("Give the project's managed identity a data-plane role on the target first (for example Search Index Data Reader), then switch the connection to Entra ID."),
                "az rest --method put --uri " + Quote.Shell(connection.Id + "?api-version=" + AzureFixes.CognitiveServicesApiVersion) + " --body " + Quote.Shell(body.ToJsonString()));
        }
    }
}
