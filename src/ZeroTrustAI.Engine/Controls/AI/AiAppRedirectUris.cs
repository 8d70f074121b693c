using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI-app registrations and agent blueprints send tokens only to HTTPS or loopback redirect URIs, never to wildcards.</summary>
    public sealed class AiAppRedirectUris : Control
    {
        /// <summary>The platform sections of an application whose <c>redirectUris</c> receive tokens or codes.</summary>
        private static readonly string[] Platforms = { "web", "spa", "publicClient" };

        private static readonly string[] LoopbackHosts = { "localhost", "127.0.0.1", "[::1]" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-105",
            Title = "AI apps and agent blueprints use only safe redirect URIs",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every redirect URI of an agent identity blueprint or AI-app registration (web, spa and publicClient) is HTTPS or a loopback address, and none contains a wildcard.",
            Rationale = """
            A redirect URI is where Entra ID sends the authorization code or token after a user signs in to the AI app. A plain
            HTTP address on the network lets anyone on the path read it; a wildcard lets an attacker who controls any matching
            host receive it. With the code the attacker acts as the user through the agent, with every delegated permission the
            agent holds over mail, files and chats. AI apps are often registered quickly for a proof of concept and keep the
            developer's test URIs.
            """,
            Checks = """
            - Targets: agent identity blueprints and AI-app registrations (as in [ZTAI-AI-005](ZTAI-AI-005.md)).
            - Reads `web.redirectUris`, `spa.redirectUris` and `publicClient.redirectUris`.
            - Fail: a URI with the `http` scheme whose host is not `localhost`, `127.0.0.1` or `[::1]`, or any URI containing `*`.
              Other schemes (`https`, and custom schemes and `ms-appx-web` of native clients) pass.
            - An application collected without `web`, `spa` or `publicClient` is Skipped, naming them (not judged on nothing).
            - Dangling domains (URIs pointing at hosts the organization no longer owns) are not checked: that needs DNS, not
              the snapshot.
            """,
            Remediation = """
            Remove the unsafe URIs, or replace them with the HTTPS address of the deployed app. The fix on a failed result sets
            each affected platform's `redirectUris` to the safe ones it already has (the rest of the platform section is kept as
            collected):
            ```powershell
            Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/v1.0/applications/<id>' -Body '{"web":{...,"redirectUris":["https://app.contoso.com/auth"]}}' -ContentType 'application/json'
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity-platform/reply-url",
                "https://learn.microsoft.com/graph/api/resources/application",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                zeroTrustAssessment: new[] { "21885" },
                mcsb: new[] { "IM-3" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.Applications) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var application in directory.AiApplications())
            {
                var isBlueprint = directory.IsBlueprint(application);
                var target = ResultTarget.FromGraph(application, isBlueprint ? "microsoft.graph.agentIdentityBlueprint" : "microsoft.graph.application");
                var subject = $"{(isBlueprint ? "Agent blueprint" : "AI app registration")} '{target.Name}'";
                var missing = Platforms.Where(p => !application.TryGetPropertyIgnoreCase(p, out _)).Select(p => p + ".redirectUris").ToList();
                if (missing.Count > 0)
                {
                    yield return NotCollected(target, subject, missing);
                    continue;
                }

                var unsafeByPlatform = Platforms
                    .Select(p => (Platform: p, Unsafe: application.GetStrings(p + ".redirectUris").Where(IsUnsafe).ToList()))
                    .Where(p => p.Unsafe.Count > 0)
                    .ToList();
                var evidence = Platforms.Select(p => Observed(application, p + ".redirectUris", "HTTPS or loopback only, no wildcard")).ToArray();
                if (unsafeByPlatform.Count == 0)
                {
                    yield return Pass(target, $"{subject} has only HTTPS or loopback redirect URIs.", evidence);
                    continue;
                }

                var listed = string.Join("; ", unsafeByPlatform.Select(p => $"{p.Platform}: {string.Join(", ", p.Unsafe)}"));
                var changes = unsafeByPlatform.Select(p => new KeyValuePair<string, JsonNode?>(p.Platform, SafeSection(application, p.Platform)));
                yield return Fail(target, $"{subject} sends tokens to unsafe redirect URIs ({listed}).", evidence)
                    .WithFix(GraphFixes.Script(
                        "# Keeps only the safe redirect URIs; add the HTTPS address of the deployed app if it needs one.",
                        GraphFixes.Patch("v1.0/applications/" + target.Id, changes)));
            }
        }

        /// <summary>Plain HTTP to a host other than loopback, or a wildcard anywhere.</summary>
        internal static bool IsUnsafe(string uri)
        {
            if (uri.IndexOf('*') >= 0)
            {
                return true;
            }

            if (!uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var host = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.Host : uri.Substring("http://".Length).Split('/', ':')[0];
            return !LoopbackHosts.Any(h => h.EqualsIgnoreCase(host) || ("[" + host + "]").EqualsIgnoreCase(h));
        }

        /// <summary>The platform section as collected, its redirect URIs reduced to the safe ones (PATCH replaces the section).</summary>
        private static JsonObject SafeSection(JsonElement application, string platform)
        {
            var section = JsonNode.Parse(application.GetRawText(platform)!) as JsonObject ?? new JsonObject();
            var safe = application.GetStrings(platform + ".redirectUris").Where(u => !IsUnsafe(u)).Select(u => (JsonNode?)JsonValue.Create(u)).ToArray();
            foreach (var key in section.Where(p => p.Key.Equals("redirectUris", StringComparison.OrdinalIgnoreCase)).Select(p => p.Key).ToList())
            {
                section.Remove(key);
            }

            section["redirectUris"] = new JsonArray(safe);
            return section;
        }
    }
}
