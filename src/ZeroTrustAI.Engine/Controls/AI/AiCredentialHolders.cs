using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>One directory object whose credentials count for an AI app: its application or its service principal.</summary>
    internal sealed class CredentialSource
    {
        public CredentialSource(JsonElement item, bool isApplication)
        {
            Item = item;
            IsApplication = isApplication;
        }

        public JsonElement Item { get; }

        public bool IsApplication { get; }

        public string Id => Item.GetString("id") ?? string.Empty;

        /// <summary>"application" or "service principal", for reasons.</summary>
        public string Kind => IsApplication ? "application" : "service principal";

        /// <summary>The property path of a credential collection on this source, e.g. <c>servicePrincipal.passwordCredentials</c>.</summary>
        public string PathOf(string property) => (IsApplication ? "application." : "servicePrincipal.") + property;
    }

    /// <summary>
    /// An AI app as its credentials see it: the target a result names (the app registration, or the service principal when
    /// the tenant holds no registration for it) and every object a credential can be added to. A secret added to the
    /// service principal signs in as the app just as one on the application does, so both are read.
    /// </summary>
    internal sealed class AiCredentialHolder
    {
        private AiCredentialHolder(ResultTarget target, string kind, IReadOnlyList<CredentialSource> sources)
        {
            Target = target;
            Kind = kind;
            Sources = sources;
        }

        public ResultTarget Target { get; }

        /// <summary>"Agent blueprint", "AI app registration" or "AI app service principal".</summary>
        public string Kind { get; }

        public IReadOnlyList<CredentialSource> Sources { get; }

        /// <summary>
        /// Agent blueprints and AI-app registrations (with their service principals), then the service principals of AI
        /// apps registered elsewhere. Agent identities hold no credentials of their own (they use their blueprint's) and the
        /// certificates of managed identities are Azure's, so neither is a holder.
        /// </summary>
        public static IEnumerable<AiCredentialHolder> All(GraphDirectory directory)
        {
            foreach (var application in directory.AiApplications())
            {
                var isBlueprint = directory.IsBlueprint(application);
                var sources = new List<CredentialSource> { new CredentialSource(application, isApplication: true) };
                var principal = directory.FindServicePrincipalByAppId(application.GetString("appId"));
                if (principal.HasValue)
                {
                    sources.Add(new CredentialSource(principal.Value, isApplication: false));
                }

                yield return new AiCredentialHolder(
                    ResultTarget.FromGraph(application, isBlueprint ? "microsoft.graph.agentIdentityBlueprint" : "microsoft.graph.application"),
                    isBlueprint ? "Agent blueprint" : "AI app registration",
                    sources);
            }

            foreach (var agent in directory.Agents.Where(a => a.Kind == AgentKind.ServicePrincipal || a.IsBlueprintPrincipal))
            {
                if (directory.FindApplicationByAppId(agent.AppId) != null)
                {
                    continue;
                }

                yield return new AiCredentialHolder(
                    AgentFindings.Target(agent, "microsoft.graph.servicePrincipal"),
                    "AI app service principal",
                    new[] { new CredentialSource(agent.Raw, isApplication: false) });
            }
        }

        /// <summary>The credential collections (<c>servicePrincipal.passwordCredentials</c>) some source was collected without.</summary>
        public IReadOnlyList<string> NotCollected(params string[] paths) =>
            Sources.SelectMany(s => paths.Where(p => s.Item.Get(p)?.ValueKind != JsonValueKind.Array).Select(s.PathOf)).ToList();

        /// <summary>
        /// A Skipped finding: a credential collection was not collected (absent, which Graph never returns for a collected
        /// object, not an empty list), so credentials cannot be ruled out and the holder is not judged either way.
        /// </summary>
        public Finding NotJudged(IReadOnlyList<string> missing) =>
            new Finding(
                ResultStatus.Skipped,
                Target,
                $"{Kind} '{Target.Name}' is not judged: {string.Join(", ", missing)} {(missing.Count == 1 ? "was" : "were")} not collected, so credentials cannot be ruled out. Collect the object with these properties.",
                missing.Select(m => new Evidence(m, null, "an array (collected)")).ToArray());
    }
}
