using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Application Gateway WAF policies are enabled and block (Prevention), not only log.</summary>
    public sealed class AppGatewayWafPolicyPrevention : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-112",
            Title = "Application Gateway WAF policies are enabled in Prevention mode",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Application Gateway WAF policy has properties.policySettings.state 'Enabled' and properties.policySettings.mode 'Prevention'.",
            Rationale = """
            An AI app published through Application Gateway receives prompts, file uploads and API calls from the Internet. In
            Detection mode the WAF only logs injection, scanner and protocol attacks against the app and its model backend; in
            Prevention mode it blocks them.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies` (ARM GET, api-version 2024-05-01).
            - Paths: `properties.policySettings.state` must be `Enabled` and `properties.policySettings.mode` must be `Prevention`
              (compared without case). ARM always returns both; an absent value cannot be confirmed and fails.
            - **Pass** when both hold; **Fail** otherwise, naming the value found. Target: the policy.
            """,
            Remediation = """
            - Portal: WAF policy > Overview > Switch to prevention mode; Policy settings > Enabled.
            - CLI: `az network application-gateway waf-policy update --ids <policy-id> --set policySettings.mode=Prevention policySettings.state=Enabled`
            - Bicep: `properties: { policySettings: { state: 'Enabled', mode: 'Prevention' } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/web-application-firewall/ag/policy-overview",
                "https://learn.microsoft.com/azure/web-application-firewall/ag/ag-overview#waf-modes",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25541" },
                mcsb: new[] { "NS-6" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection" },
                azurePolicy: new[] { "12430be1-6cc8-4527-a9a8-e3d38f250096" },
                psRule: new[] { "Azure.AppGwWAF.PreventionMode", "Azure.AppGwWAF.Enabled" }),
        };

        protected override string ResourceType => ResourceTypes.ApplicationGatewayWafPolicy;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.policySettings.state", "Enabled") { AbsentMeans = "not reported" },
            new PropertyExpectation("properties.policySettings.mode", "Prevention") { AbsentMeans = "not reported" },
        };

        protected override string PassText => "blocks the attacks it detects";

        protected override string FailText => "does not block attacks";
    }

    /// <summary>Front Door WAF policies are enabled and block (Prevention), not only log.</summary>
    public sealed class FrontDoorWafPolicyPrevention : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-114",
            Title = "Front Door WAF policies are enabled in Prevention mode",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Front Door WAF policy has properties.policySettings.enabledState 'Enabled' and properties.policySettings.mode 'Prevention'.",
            Rationale = """
            Front Door is the global entry point of many AI chat apps and agent APIs. A WAF policy in Detection mode only logs
            the injection, bot and abuse traffic aimed at them; Prevention blocks it at the edge, before it reaches the app or
            consumes model quota.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Network/FrontDoorWebApplicationFirewallPolicies` (ARM GET, api-version 2024-02-01).
            - Paths: `properties.policySettings.enabledState` must be `Enabled` and `properties.policySettings.mode` must be
              `Prevention` (compared without case). ARM always returns both; an absent value cannot be confirmed and fails.
            - **Pass** when both hold; **Fail** otherwise, naming the value found. Target: the policy.
            """,
            Remediation = """
            - Portal: Front Door WAF policy > Overview > Switch to prevention mode; Policy settings > Enabled.
            - CLI: `az network front-door waf-policy update --ids <policy-id> --mode Prevention --disabled false`
            - Bicep: `properties: { policySettings: { enabledState: 'Enabled', mode: 'Prevention' } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-policy-settings",
                "https://learn.microsoft.com/azure/web-application-firewall/afds/afds-overview",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25543" },
                mcsb: new[] { "NS-6" },
                owaspLlm: new[] { "LLM10:2025 Unbounded Consumption" },
                azurePolicy: new[] { "425bea59-a659-4cbb-8d31-34499bd030b8" },
                psRule: new[] { "Azure.FrontDoorWAF.PreventionMode", "Azure.FrontDoorWAF.Enabled" }),
        };

        protected override string ResourceType => ResourceTypes.FrontDoorWafPolicy;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.policySettings.enabledState", "Enabled") { AbsentMeans = "not reported" },
            new PropertyExpectation("properties.policySettings.mode", "Prevention") { AbsentMeans = "not reported" },
        };

        protected override string PassText => "blocks the attacks it detects";

        protected override string FailText => "does not block attacks";
    }

    /// <summary>Application Gateway WAF policies inspect request bodies, where prompts travel.</summary>
    public sealed class AppGatewayWafRequestBodyInspection : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-113",
            Title = "Application Gateway WAF policies inspect request bodies",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Application Gateway WAF policy has properties.policySettings.requestBodyCheck true. Absent means true (on by default).",
            Rationale = """
            Prompts, tool arguments and uploaded documents travel in request bodies. A WAF that skips bodies sees only URLs and
            headers, so injection payloads in a JSON chat request pass uninspected.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies`.
            - Path: `properties.policySettings.requestBodyCheck`; **Pass** when `true` or absent (the service default is on, and
              Azure Policy fails only an explicit `false`); **Fail** when `false`. Target: the policy.
            """,
            Remediation = """
            - Portal: WAF policy > Policy settings > Inspect request body: On.
            - CLI: `az resource update --ids <policy-id> --set properties.policySettings.requestBodyCheck=true`
            - Bicep: `properties: { policySettings: { requestBodyCheck: true } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/web-application-firewall/ag/application-gateway-waf-request-size-limits",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "26879" },
                mcsb: new[] { "NS-6" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection" },
                azurePolicy: new[] { "ca85ef9a-741d-461d-8b7a-18c2da82c666" }),
        };

        protected override string ResourceType => ResourceTypes.ApplicationGatewayWafPolicy;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.policySettings.requestBodyCheck", "true") { Default = "true", AbsentMeans = "on by default" },
        };

        protected override string PassText => "inspects request bodies";

        protected override string FailText => "does not inspect request bodies";
    }

    /// <summary>Front Door WAF policies inspect request bodies, where prompts travel.</summary>
    public sealed class FrontDoorWafRequestBodyInspection : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-115",
            Title = "Front Door WAF policies inspect request bodies",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Front Door WAF policy has properties.policySettings.requestBodyCheck 'Enabled'. Absent means Enabled (on by default).",
            Rationale = """
            Prompts, tool arguments and uploaded documents travel in request bodies. A WAF that skips bodies sees only URLs and
            headers, so injection payloads in a JSON chat request pass uninspected.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Network/FrontDoorWebApplicationFirewallPolicies`.
            - Path: `properties.policySettings.requestBodyCheck`; **Pass** when `Enabled` or absent (the service default is on,
              and Azure Policy fails only an explicit `Disabled`); **Fail** when `Disabled`. Target: the policy.
            """,
            Remediation = """
            - Portal: Front Door WAF policy > Policy settings > Request body inspection: Enable.
            - CLI: `az resource update --ids <policy-id> --set properties.policySettings.requestBodyCheck=Enabled`
            - Bicep: `properties: { policySettings: { requestBodyCheck: 'Enabled' } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-policy-settings#request-body-inspection",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "26880" },
                mcsb: new[] { "NS-6" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection" },
                azurePolicy: new[] { "4598f028-de1f-4694-8751-84dceb5f86b9" }),
        };

        protected override string ResourceType => ResourceTypes.FrontDoorWafPolicy;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.policySettings.requestBodyCheck", "Enabled") { Default = "Enabled", AbsentMeans = "on by default" },
        };

        protected override string PassText => "inspects request bodies";

        protected override string FailText => "does not inspect request bodies";
    }
}
