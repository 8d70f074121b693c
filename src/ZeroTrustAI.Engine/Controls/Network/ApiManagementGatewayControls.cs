using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>API Management services have a managed identity, so an AI gateway can call model backends without keys.</summary>
    public sealed class ApiManagementManagedIdentity : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-118",
            Title = "API Management services have a managed identity for their backends",
            Pillar = Pillar.Network,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every API Management service has identity.type SystemAssigned, UserAssigned or both. Absent means None.",
            Rationale = """
            API Management used as an AI gateway in front of Azure OpenAI / AI Services should authenticate to the model with
            its own managed identity (the `authentication-managed-identity` policy and a Cognitive Services role), so no model
            key is stored in named values or passed through from callers. That needs an identity on the service.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.ApiManagement/service` (ARM GET, api-version 2022-08-01).
            - Path: `identity.type`; **Pass** when it contains `SystemAssigned` or `UserAssigned`; **Fail** when `None` or absent.
              Target: the service.
            - Backends that carry a key to a model endpoint are judged by ZTAI-NET-120.
            """,
            Remediation = """
            - Portal: API Management > Security > Managed identities > System assigned: On; grant it `Cognitive Services OpenAI User` on the model account.
            - CLI: `az resource update --ids <apim-id> --set identity.type=SystemAssigned`
            - Bicep: `identity: { type: 'SystemAssigned' }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/api-management/api-management-howto-use-managed-service-identity",
                "https://learn.microsoft.com/azure/api-management/azure-openai-api-from-specification#configure-authentication-to-azure-openai-api",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "IM-3" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string ResourceType => ResourceTypes.ApiManagementService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("identity.type", "SystemAssigned", "UserAssigned")
            {
                Default = "None",
                AbsentMeans = "no managed identity",
                Matches = value => value.IndexOf("Assigned", System.StringComparison.OrdinalIgnoreCase) >= 0,
            },
        };

        protected override string PassText => "has a managed identity";

        protected override string FailText => "has no managed identity";
    }

    /// <summary>API Management services reach their backends through a virtual network, or expose no public endpoint.</summary>
    public sealed class ApiManagementNetworkIsolation : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-119",
            Title = "API Management services are network-isolated",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every API Management service has properties.publicNetworkAccess 'Disabled' (reached through a private endpoint), or is deployed into a virtual network (properties.virtualNetworkType 'External' or 'Internal'). Absent means Enabled and None.",
            Rationale = """
            An AI gateway outside any virtual network can reach model endpoints only over their public interface, so those
            endpoints must stay public. Injected into a virtual network (or reached only privately), the gateway calls models
            through private endpoints and the models can turn public access off.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.ApiManagement/service` (ARM GET, api-version 2022-08-01).
            - **Pass** when `properties.publicNetworkAccess` is `Disabled` **or** `properties.virtualNetworkType` is `External` or
              `Internal`. **Fail** otherwise; absent values are `Enabled` and `None` (the service defaults). Target: the service.
            """,
            Remediation = """
            - Portal: API Management > Deployment + infrastructure > Network > Virtual network: External or Internal (Developer, Premium or v2 tiers), or add a private endpoint and disable public access.
            - CLI: `az resource update --ids <apim-id> --set properties.publicNetworkAccess=Disabled` (after a private endpoint exists)
            - Bicep: `properties: { virtualNetworkType: 'Internal', virtualNetworkConfiguration: { subnetResourceId: subnet.id } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/api-management/virtual-network-concepts",
                "https://learn.microsoft.com/azure/api-management/private-endpoint",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "NS-2" },
                azurePolicy: new[] { "ef619a2c-cc4d-4d03-b2ba-8c94a834d85b", "df73bd95-24da-4a4f-96b9-4e8b94b402bd" },
                owaspLlm: new[] { "LLM10:2025 Unbounded Consumption" }),
        };

        protected override string ResourceType => ResourceTypes.ApiManagementService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.publicNetworkAccess", "Disabled") { Default = "Enabled", AbsentMeans = "enabled by default" },
            new PropertyExpectation("properties.virtualNetworkType", "External", "Internal") { Default = "None", AbsentMeans = "None by default" },
        };

        protected override bool PassesWhenAnyHolds => true;

        protected override string PassText => "is network-isolated";

        protected override string FailText => "is public and outside any virtual network";
    }
}
