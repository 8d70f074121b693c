using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>ML workspaces and AI Foundry hubs are created with the high-business-impact flag.</summary>
    public sealed class MachineLearningWorkspaceHighBusinessImpact : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-159",
            Title = "ML workspaces and AI Foundry hubs limit diagnostic data (high business impact)",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Low,
            Description = "Every Microsoft.MachineLearningServices workspace of kind Default or Hub has properties.hbiWorkspace true: Microsoft collects less diagnostic data from it and the compute's local scratch disk is encrypted. Foundry projects (kind Project) take the setting from their hub. Absent means false.",
            Rationale = """
            Training data, prompts and fine-tuning sets pass through compute scratch disks and service diagnostics. The high-business-impact flag keeps that data out of Microsoft's diagnostic collection and encrypts the local disks of compute, narrowing where sensitive AI data can be found after a compromise. It can only be set when the workspace is created, so it has to be caught early.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces` (api-version 2024-10-01).

            - Kind `Project` → **NotApplicable** (a hub-based project takes the flag from its hub).
            - Path: `properties.hbiWorkspace`.
            - Pass: `true`.
            - Fail: `false` or absent (the API's default is `false`).
            - Target: the workspace.
            """,
            Remediation = """
            The flag is set only when the workspace is created: create a new workspace or hub with it and move the assets.

            - CLI (Azure ML v2): `hbi_workspace: true` in the workspace YAML, then `az ml workspace create -f workspace.yml -g <rg>`.
            - Bicep:

            ```bicep
            resource hub 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
              name: 'hub-contoso-ai'
              location: location
              kind: 'Hub'
              identity: { type: 'SystemAssigned' }
              properties: {
                hbiWorkspace: true
              }
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/concept-data-encryption",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "DP-4" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningWorkspace;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.hbiWorkspace", "true") { Default = "false" },
        };

        protected override string PassText => "is a high-business-impact workspace";

        protected override string FailText => "is not a high-business-impact workspace";

        protected override string Subject(ArmResource resource) => $"Workspace ({resource.Kind ?? "Default"})";

        protected override string? NotApplicableBecause(ArmResource resource) =>
            AiResourceTypes.IsFoundryProject(resource) ? "a hub-based project takes the flag from its hub" : null;

        protected override IEnumerable<Evidence> ApplicabilityEvidence(ArmResource resource) => new[] { Observed(resource, "kind", "\"Default\" or \"Hub\"") };

        protected override RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed) => RemediationFix.Bicep(
            $"// {resource.Id}: hbiWorkspace is set only at creation; create a new workspace from this and move the assets.",
            "resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {",
            $"  name: {Quote.Bicep(resource.Name + "-hbi")}",
            $"  location: {Quote.Bicep(resource.Location ?? "<location>")}",
            $"  kind: {Quote.Bicep(resource.Kind ?? "Default")}",
            "  identity: { type: 'SystemAssigned' }",
            "  properties: {",
            "    hbiWorkspace: true",
            "  }",
            "}");
    }
}
