using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Azure OpenAI and AI Services accounts are reached through an API Management AI gateway: a backend points at them.</summary>
    public sealed class AiGatewayInFrontOfModels : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-255",
            Title = "Model endpoints sit behind an API Management AI gateway",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI or AI Services account (kind 'OpenAI' or 'AIServices') is the target of an API Management backend, so applications and agents reach its models through the gateway.",
            Rationale = """
            An AI gateway is where every model call can be authenticated per caller, rate-limited by tokens, logged with the
            prompt's metadata and screened by content safety before it reaches the model. A model account no gateway fronts
            is called directly, each application with its own key and none of those controls.
            """,
            Checks = """
            Reads `Microsoft.CognitiveServices/accounts` and `Microsoft.ApiManagement/service/backends` (ARM GET per service,
            api-version 2022-08-01).

            - Judged: accounts whose `kind` is `OpenAI` or `AIServices`.
            - Pass: a backend whose `properties.url` host equals the host of the account's `properties.endpoint`, of one of
              its `properties.endpoints` values, or `<properties.customSubDomainName>` followed by
              one of the model host suffixes ZTAI-NET-120 lists (`.openai.azure.com`, `.cognitiveservices.azure.com`, ...; case ignored). The result names the gateway.
            - Fail: no backend points at the account.
            - Whether the gateway's policies authenticate, limit and log is not read here; ZTAI-NET-118..120 judge the
              gateway's identity, network and backend keys.
            - Target: the account.
            """,
            Remediation = """
            Import the account's API into API Management (Azure OpenAI: APIs → Add API → Azure OpenAI Service, or the
            Foundry "AI gateway" for an AI Services account), authenticate to the model with the gateway's managed identity,
            then disable key access on the account so the gateway is the only way in. The result's fix adds the backend with
            `az rest` on the gateway you name.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/api-management/genai-gateway-capabilities",
                "https://learn.microsoft.com/azure/api-management/azure-openai-api-from-specification",
                "https://learn.microsoft.com/azure/architecture/ai-ml/guide/azure-openai-gateway-guide",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_075" },
                mcsb: new[] { "NS-2", "IM-3" },
                owaspLlm: new[] { "LLM10:2025 Unbounded Consumption" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.CognitiveServicesAccount), DataSets.Arm(ResourceTypes.ApiManagementBackend) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var backends = snapshot.ResourcesOfType(ResourceTypes.ApiManagementBackend)
                .Select(b => (Backend: b, Host: HostOf(b.GetString("properties.url"))))
                .Where(b => b.Host != null)
                .ToList();
            foreach (var account in snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesAccount).Where(AiResourceTypes.IsGenerativeAccount))
            {
                var hosts = AccountHosts(account);
                var evidence = Observed(account, "properties.endpoint", "the host of an API Management backend's properties.url");
                var fronting = backends.Where(b => hosts.Contains(b.Host!)).Select(b => b.Backend).ToList();
                if (fronting.Count > 0)
                {
                    yield return Pass(account, $"Reached through API Management: {string.Join(", ", fronting.Select(b => $"backend '{b.Name}' of '{GatewayName(b)}'"))}.", evidence);
                    continue;
                }

                yield return Fail(account, $"No API Management backend points at this {account.Kind} account ({string.Join(", ", hosts.OrderBy(h => h, StringComparer.OrdinalIgnoreCase))}): its models are called directly, not through an AI gateway.", evidence)
                    .WithFix(BackendFix(account));
            }
        }

        private static HashSet<string> AccountHosts(ArmResource account)
        {
            var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            AddHost(hosts, account.GetString("properties.endpoint"));
            if (account.Get("properties.endpoints") is JsonElement endpoints && endpoints.ValueKind == JsonValueKind.Object)
            {
                foreach (var endpoint in endpoints.EnumerateObject())
                {
                    AddHost(hosts, endpoint.Value.ValueKind == JsonValueKind.String ? endpoint.Value.GetString() : null);
                }
            }

            var subdomain = account.GetString("properties.customSubDomainName");
            if (!string.IsNullOrWhiteSpace(subdomain))
            {
                foreach (var suffix in Network.ApiManagementBackendKeys.ModelHostSuffixes)
                {
                    hosts.Add(subdomain + suffix);
                }
            }

            return hosts;
        }

        private static void AddHost(HashSet<string> hosts, string? url)
        {
            if (HostOf(url) is string host)
            {
                hosts.Add(host);
            }
        }

        private static string? HostOf(string? url) =>
            url != null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;

        /// <summary>The service name in a backend id (…/service/{name}/backends/{backend}); the service itself is not read.</summary>
        private static string GatewayName(ArmResource backend)
        {
            var parent = ArmId.GetParentId(backend.Id);
            return parent == null ? backend.Id : parent.Substring(parent.LastIndexOf('/') + 1);
        }

        /// <summary>Adds a backend for the account on the gateway the reader names (api-version 2022-08-01).</summary>
        private static RemediationFix BackendFix(ArmResource account)
        {
            var endpoint = account.GetString("properties.endpoint")?.TrimEnd('/') ?? $"https://{account.GetString("properties.customSubDomainName") ?? account.Name}.openai.azure.com";
            var body = JsonSerializer.Serialize(new { properties = new { url = endpoint + "/openai", protocol = "http", description = "Model endpoint of " + account.Name } });
            return RemediationFix.AzureCli(
                AzureFixes.Comment("Point the AI gateway at this account (set the API Management service id), then import its API, authenticate with the gateway's managed identity and disable key access on the account."),
                "apim='<API Management service resource id>'",
                "az rest --method put --url \"https://management.azure.com$apim/backends/" + account.Name + "?api-version=2022-08-01\" --body " + Quote.Shell(body));
        }
    }
}
