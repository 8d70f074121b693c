using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls
{
    /// <summary>
    /// Azure fixes shared by several controls, as az CLI commands or Bicep. Resource ids and names from the snapshot
    /// are quoted (<see cref="Quote"/>); choices only the reader can make (which workspace, which subnet) are asked for
    /// as shell variables at the top of the script.
    /// </summary>
    internal static class AzureFixes
    {
        /// <summary>The Cognitive Services api-version the Bicep fixes are written against (RAI policy modes and filters).</summary>
        public const string CognitiveServicesApiVersion = "2025-06-01";

        public static string Comment(string text) => "# " + Quote.Comment(text);

        /// <summary>The subscription id of a resource or subscription id ("/subscriptions/{id}/...").</summary>
        public static string? SubscriptionOf(string resourceId)
        {
            var parts = resourceId.Split('/');
            return parts.Length > 2 && parts[1].EqualsIgnoreCase("subscriptions") ? parts[2] : null;
        }

        /// <summary>Sets a Defender for Cloud plan to Standard on a subscription, optionally with extensions on.</summary>
        public static RemediationFix DefenderPlan(string subscriptionId, string plan, string? subPlan = null, params string[] extensions) =>
            RemediationFix.AzureCli(
                Comment($"Turn on the Defender for Cloud plan {plan} for /subscriptions/{subscriptionId} (billed per plan; see its pricing)."),
                "az security pricing create --subscription " + Quote.Shell(subscriptionId) + " --name " + Quote.Shell(plan) + " --tier Standard"
                    + (subPlan == null ? string.Empty : " --subplan " + Quote.Shell(subPlan))
                    + (extensions.Length == 0 ? string.Empty : " --extensions " + string.Join(" ", extensions.Select(e => Quote.Shell("name=" + e + " isEnabled=True")))));

        /// <summary>Sends a resource's audit logs (category group audit, or allLogs) to a Log Analytics workspace.</summary>
        public static RemediationFix DiagnosticSettings(string resourceId, string categoryGroup = "allLogs") =>
            RemediationFix.AzureCli(
                Comment("Send the resource's logs to your Log Analytics workspace (set its resource id first)."),
                "workspace='<Log Analytics workspace resource id>'",
                "az monitor diagnostic-settings create --name ztai-logs --resource " + Quote.Shell(resourceId)
                    + " --workspace \"$workspace\" --logs " + Quote.Shell("[{\"categoryGroup\":\"" + categoryGroup + "\",\"enabled\":true}]"));

        /// <summary>Deletes Azure role assignments by id, naming each role in a comment.</summary>
        public static RemediationFix DeleteRoleAssignments(string principalName, IEnumerable<(string AssignmentId, string Role, string Scope)> assignments) =>
            RemediationFix.AzureCli(new[]
            {
                Comment($"Remove the broad Azure roles of '{principalName}'; grant a data-plane role on the one resource it needs instead."),
            }.Concat(assignments.SelectMany(a => new[]
            {
                Comment($"{a.Role} on {a.Scope}"),
                "az role assignment delete --ids " + Quote.Shell(a.AssignmentId),
            })).ToArray());

        /// <summary>
        /// A custom RAI policy that blocks every harm category at medium severity on prompts and completions, prompt
        /// attacks (jailbreak, indirect) and protected material, synchronously, and the deployment switched to it.
        /// </summary>
        public static RemediationFix RaiPolicy(ArmResource deployment, string? currentPolicyName)
        {
            // What the template names is read now; the lines are written when the fix is read.
            var accountName = deployment.ParentId == null ? "account" : deployment.ParentId.Substring(deployment.ParentId.LastIndexOf('/') + 1);
            var deploymentName = deployment.Name.Substring(deployment.Name.LastIndexOf('/') + 1);
            var policyName = currentPolicyName != null && !currentPolicyName.StartsWith("Microsoft.", System.StringComparison.OrdinalIgnoreCase)
                ? currentPolicyName
                : "guarded-blocking";
            var switched = policyName.EqualsIgnoreCase(currentPolicyName)
                ? null
                : new RaiDeployment(
                    deployment.GetString("sku.name") ?? "Standard",
                    deployment.Raw.GetRawText("sku.capacity") is string capacity && int.TryParse(capacity, out var units) ? units : 1,
                    deployment.GetString("properties.model.format") ?? "OpenAI",
                    deployment.GetString("properties.model.name") ?? deploymentName,
                    deployment.GetString("properties.model.version"));
            return RemediationFix.Later(FixLanguage.Bicep, (accountName, deploymentName, policyName, switched), static fix => RaiPolicyLines(fix.accountName, fix.deploymentName, fix.policyName, fix.switched));
        }

        /// <summary>The deployment's settings a RAI policy fix repeats when it switches the deployment to the new policy.</summary>
        private sealed record RaiDeployment(string SkuName, int Capacity, string ModelFormat, string ModelName, string? ModelVersion);

        private static List<string> RaiPolicyLines(string accountName, string deploymentName, string policyName, RaiDeployment? switched)
        {
            var lines = new List<string>
            {
                "// " + Quote.Comment($"Deployment '{deploymentName}' of account '{accountName}': a blocking content filter policy with prompt shields and protected material detection."),
                "// " + Quote.Comment("Deploy to the account's resource group: az deployment group create --resource-group <rg> --template-file rai.bicep"),
                $"resource account 'Microsoft.CognitiveServices/accounts@{CognitiveServicesApiVersion}' existing = {{",
                "  name: " + Quote.Bicep(accountName),
                "}",
                string.Empty,
                $"resource policy 'Microsoft.CognitiveServices/accounts/raiPolicies@{CognitiveServicesApiVersion}' = {{",
                "  parent: account",
                "  name: " + Quote.Bicep(policyName),
                "  properties: {",
                "    mode: 'Blocking'",
                "    basePolicyName: 'Microsoft.DefaultV2'",
                "    contentFilters: [",
            };
            foreach (var source in new[] { "Prompt", "Completion" })
            {
                foreach (var category in new[] { "Hate", "Sexual", "Violence", "Selfharm" })
                {
                    lines.Add($"      {{ name: '{category}', severityThreshold: 'Medium', blocking: true, enabled: true, source: '{source}' }}");
                }
            }

            lines.Add("      { name: 'Jailbreak', blocking: true, enabled: true, source: 'Prompt' }");
            lines.Add("      { name: 'Indirect Attack', blocking: true, enabled: true, source: 'Prompt' }");
            lines.Add("      { name: 'Protected Material Text', blocking: true, enabled: true, source: 'Completion' }");
            lines.Add("      { name: 'Protected Material Code', blocking: true, enabled: true, source: 'Completion' }");
            lines.Add("    ]");
            lines.Add("  }");
            lines.Add("}");
            if (switched != null)
            {
                lines.Add(string.Empty);
                lines.Add($"resource deployment 'Microsoft.CognitiveServices/accounts/deployments@{CognitiveServicesApiVersion}' = {{");
                lines.Add("  parent: account");
                lines.Add("  name: " + Quote.Bicep(deploymentName));
                lines.Add("  sku: {");
                lines.Add("    name: " + Quote.Bicep(switched.SkuName));
                lines.Add("    capacity: " + switched.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
                lines.Add("  }");
                lines.Add("  properties: {");
                lines.Add("    model: {");
                lines.Add("      format: " + Quote.Bicep(switched.ModelFormat));
                lines.Add("      name: " + Quote.Bicep(switched.ModelName));
                if (switched.ModelVersion is string version)
                {
                    lines.Add("      version: " + Quote.Bicep(version));
                }

                lines.Add("    }");
                lines.Add("    raiPolicyName: policy.name");
                lines.Add("  }");
                lines.Add("}");
            }

            return lines;
        }
    }
}
