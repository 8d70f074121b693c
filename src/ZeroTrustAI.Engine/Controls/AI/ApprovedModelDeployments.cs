using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Model deployments of AI services accounts use only the models the organisation approved (its settings file).</summary>
    public sealed class ApprovedModelDeployments : Control
    {
        internal const string ApprovedModelsParameter = "approvedModels";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-324",
            Title = "Model deployments use only approved models",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "Every model deployment of an Azure OpenAI, AI Services or Foundry account deploys a model (properties.model format, name and version) on the allow list the settings file sets in approvedModels.",
            Rationale = """
            Which model answers matters as much as who may ask it: models differ in safety training, jailbreak resistance,
            data handling terms, region and retirement date, and a model from the catalog may come from any publisher. An
            organisation that has reviewed some models and not others needs every deployment to be one it reviewed; a
            deployment of an unreviewed or retired version is an AI system nobody assessed. Azure Policy can deny such
            deployments at creation; this control finds those already running.
            """,
            Checks = """
            - Reads `arm/Microsoft.CognitiveServices/accounts/deployments`: `properties.model.format`, `properties.model.name`
              and `properties.model.version`.
            - The allow list is the `approvedModels` parameter of this control in the settings file: each entry is a model
              name (`gpt-4o`), optionally with its format (`OpenAI/gpt-4o`) and a version (`gpt-4o:2024-11-20`,
              `OpenAI/gpt-4o:2024-11-20`); compared ignoring case. An entry without a version approves every version, one
              without a format every format.
            - Pass: the deployment's model matches an entry. Fail: it matches none (or names no model).
            - No allow list set: NotApplicable for the tenant, with the reason saying how to set it. Nothing is ever passed
              without a list: the tool cannot know which models you approved.
            """,
            Remediation = """
            Move the workload to an approved model (deploy it, switch the application's deployment name), then delete the
            unapproved deployment; or, when the model was reviewed and approved, add it to `approvedModels`. To stop new
            unapproved deployments, assign the built-in Azure Policy "Cognitive Services Deployments should only use approved
            Registry Models" (aafe3651-cb78-4f68-9f81-e7e41509110f, which judges catalog models by publisher and asset id)
            with effect Deny, or a custom policy on `Microsoft.CognitiveServices/accounts/deployments/model.name`.
            ```json
            { "controls": { "ZTAI-AI-324": { "parameters": { "approvedModels": [ "OpenAI/gpt-4o:2024-11-20", "text-embedding-3-large" ] } } } }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-foundry/how-to/model-catalog-policy",
                "https://learn.microsoft.com/azure/templates/microsoft.cognitiveservices/accounts/deployments",
                "https://learn.microsoft.com/azure/ai-services/openai/concepts/model-retirements",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "AI-1" },
                owaspLlm: new[] { "LLM03:2025 Supply Chain" },
                azurePolicy: new[] { "aafe3651-cb78-4f68-9f81-e7e41509110f" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.CognitiveServicesDeployment) },
            Parameters = new[]
            {
                ControlParameter.StringList(ApprovedModelsParameter, "The approved models: name, format/name, name:version or format/name:version (ignoring case). Empty: the control is NotApplicable."),
            },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var deployments = snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesDeployment).ToList();
            var approved = Parameters.GetStringList(ApprovedModelsParameter).Select(ApprovedModel.Parse).ToList();
            if (deployments.Count == 0)
            {
                yield break;
            }

            if (approved.Count == 0)
            {
                yield return NotApplicable(
                    ResultTarget.Tenant(snapshot),
                    $"No approved models are set, so the {deployments.Count} model deployment(s) are not judged: list them in the settings file under controls.{Metadata.Id}.parameters.{ApprovedModelsParameter} (e.g. [\"OpenAI/gpt-4o:2024-11-20\"]) and run with -SettingsPath.");
                yield break;
            }

            var listText = string.Join(", ", approved.Select(a => a.Text));
            foreach (var deployment in deployments)
            {
                var format = deployment.GetString("properties.model.format");
                var name = deployment.GetString("properties.model.name");
                var version = deployment.GetString("properties.model.version");
                var model = name == null ? "no model" : $"{(format == null ? string.Empty : format + "/")}{name}{(version == null ? string.Empty : ":" + version)}";
                var evidence = new Evidence("properties.model", deployment.Raw.GetRawText("properties.model"), "a model on the approved list: " + listText);
                var match = name == null ? null : approved.FirstOrDefault(a => a.Matches(format, name, version));
                if (match != null)
                {
                    yield return Pass(deployment, $"Deployment '{deployment.Name}' runs {model}, approved by '{match.Text}'.", evidence);
                    continue;
                }

                yield return Fail(deployment, $"Deployment '{deployment.Name}' runs {model}, which is not on the approved list ({listText}).", evidence)
                    .WithFix(RemediationFix.AzureCli(
                        "# Move the workload to an approved model first (or approve " + model + " in approvedModels), then delete deployment '" + deployment.Name + "'.",
                        "az rest --method delete --uri " + Quote.Shell("https://management.azure.com" + deployment.Id + "?api-version=" + AzureFixes.CognitiveServicesApiVersion)));
            }
        }

        /// <summary>One allow-list entry: [format/]name[:version].</summary>
        private sealed class ApprovedModel
        {
            private ApprovedModel(string text, string? format, string name, string? version)
            {
                Text = text;
                Format = format;
                Name = name;
                Version = version;
            }

            public string Text { get; }

            public string? Format { get; }

            public string Name { get; }

            public string? Version { get; }

            public static ApprovedModel Parse(string entry)
            {
                var text = entry.Trim();
                var slash = text.IndexOf('/');
                var format = slash > 0 ? text.Substring(0, slash) : null;
                var rest = slash > 0 ? text.Substring(slash + 1) : text;
                var colon = rest.LastIndexOf(':');
                return colon > 0
                    ? new ApprovedModel(text, format, rest.Substring(0, colon), rest.Substring(colon + 1))
                    : new ApprovedModel(text, format, rest, null);
            }

            public bool Matches(string? format, string name, string? version) =>
                Name.EqualsIgnoreCase(name)
                && (Format == null || Format.EqualsIgnoreCase(format))
                && (Version == null || Version.EqualsIgnoreCase(version));
        }
    }
}
