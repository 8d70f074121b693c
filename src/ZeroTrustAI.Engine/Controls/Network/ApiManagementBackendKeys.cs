using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>API Management backends for model endpoints carry no model key: the gateway authenticates with its identity.</summary>
    public sealed class ApiManagementBackendKeys : Control
    {
        /// <summary>Host suffixes of Azure OpenAI, AI Services and Foundry model endpoints.</summary>
        internal static readonly string[] ModelHostSuffixes =
        {
            ".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com", ".inference.ai.azure.com", ".models.ai.azure.com",
        };

        /// <summary>Credential names that carry an account key to Azure AI services.</summary>
        private static readonly string[] KeyNames = { "api-key", "Ocp-Apim-Subscription-Key" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-120",
            Title = "API Management passes no model keys to AI backends",
            Pillar = Pillar.Network,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "No API Management backend whose URL is an Azure OpenAI, AI Services or Foundry model endpoint sends an account key (an 'api-key' or 'Ocp-Apim-Subscription-Key' header or query credential). The gateway should authenticate with its managed identity instead.",
            Rationale = """
            An AI gateway that forwards a model key keeps key authentication enabled on the model, stores the key in named
            values, and gives every operator of the gateway a credential that works from anywhere. With the gateway's managed
            identity (the `authentication-managed-identity` policy) the model can disable local auth and each call is
            attributable.
            """,
            Checks = """
            - Data set: `Microsoft.ApiManagement/service/backends` (ARM GET per service, api-version 2022-08-01); backends whose
              `properties.url` host ends with `.openai.azure.com`, `.cognitiveservices.azure.com`, `.services.ai.azure.com`,
              `.inference.ai.azure.com` or `.models.ai.azure.com` are judged, others are not.
            - **Fail** when `properties.credentials.header` or `properties.credentials.query` has an `api-key` or
              `Ocp-Apim-Subscription-Key` entry (a literal key or a `{{named-value}}`); **Pass** otherwise. Target: the backend.
            - Managed identity authentication is a policy (`authentication-managed-identity`), which ARM lists apart from the
              backend and which is not collected: a Pass says no key travels with the backend definition; a key set by an API
              policy's `set-header` is not seen.
            """,
            Remediation = """
            1. Give the API Management service a managed identity (ZTAI-NET-118) and the `Cognitive Services OpenAI User` role on the account.
            2. Add `<authentication-managed-identity resource="https://cognitiveservices.azure.com" />` to the API's inbound policy.
            3. Remove the key from the backend: `az resource update --ids <backend-id> --remove properties.credentials.header.api-key`, delete the named value, and disable local auth on the model account.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/api-management/azure-openai-api-from-specification#configure-authentication-to-azure-openai-api",
                "https://learn.microsoft.com/azure/api-management/authentication-managed-identity-policy",
                "https://learn.microsoft.com/azure/api-management/genai-gateway-capabilities",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "IM-3", "IM-8" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" },
                azurePolicy: new[] { "c15dcc82-b93c-4dcb-9332-fbf121685b54" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.ApiManagementBackend) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            const string Expected = "no api-key or Ocp-Apim-Subscription-Key credential";
            foreach (var backend in snapshot.ResourcesOfType(ResourceTypes.ApiManagementBackend))
            {
                var url = backend.GetString("properties.url");
                if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !ModelHostSuffixes.Any(s => uri.Host.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var keys = new[] { "header", "query" }
                    .SelectMany(kind => KeyEntries(backend, kind))
                    .ToList();
                var evidence = new[]
                {
                    Observed(backend, "properties.url", "a model endpoint"),
                    Observed(backend, "properties.credentials", Expected),
                };
                if (keys.Count == 0)
                {
                    yield return Pass(backend, $"Backend {uri.Host} carries no model key in its credentials.", evidence);
                    continue;
                }

                yield return Fail(backend, $"Backend {uri.Host} sends a model key: {string.Join(", ", keys.Select(k => $"credentials.{k.Kind}.{k.Name}"))}.", evidence)
                    .WithFix(RemediationFix.AzureCli(
                        new[] { "# Authenticate with the gateway's managed identity (authentication-managed-identity policy) before removing the key." }
                        .Concat(keys.Select(k => "az resource update --ids " + Quote.Shell(backend.Id) + " --remove " + Quote.Shell($"properties.credentials.{k.Kind}.{k.Name}")))
                        .ToArray()));
            }
        }

        private static IEnumerable<(string Kind, string Name)> KeyEntries(ArmResource backend, string kind)
        {
            var entries = backend.Get("properties.credentials." + kind);
            if (!entries.HasValue || entries.Value.ValueKind != JsonValueKind.Object)
            {
                yield break;
            }

            foreach (var entry in entries.Value.EnumerateObject())
            {
                if (KeyNames.Any(name => name.EqualsIgnoreCase(entry.Name)))
                {
                    yield return (kind, entry.Name);
                }
            }
        }
    }
}
