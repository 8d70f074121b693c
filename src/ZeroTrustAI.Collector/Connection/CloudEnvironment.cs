using System;

namespace ZeroTrustAI.Collector.Connection
{
    /// <summary>The Microsoft cloud a tenant lives in: each has its own sign-in, Graph and ARM hosts.</summary>
    public enum CloudEnvironment
    {
        /// <summary>Azure and Microsoft 365 global service.</summary>
        Global,

        /// <summary>Microsoft Cloud for US Government L4 (GCC High) and Azure Government.</summary>
        USGovernment,

        /// <summary>Microsoft Cloud for US Government L5 (DoD) and Azure Government.</summary>
        USGovernmentDoD,

        /// <summary>Azure and Microsoft 365 operated by 21Vianet in China.</summary>
        China,
    }

    /// <summary>
    /// The endpoints of one cloud, or of an override (a private or test endpoint). Token scopes always come from the
    /// cloud's own Graph and ARM resources, so a token for an overridden host is still issued for the real audience.
    /// </summary>
    /// <remarks>
    /// Sources (Microsoft Learn):
    /// - Graph service roots and sign-in hosts: "Microsoft Graph national cloud deployments",
    ///   https://learn.microsoft.com/graph/deployments (graph.microsoft.com, graph.microsoft.us,
    ///   dod-graph.microsoft.us, microsoftgraph.chinacloudapi.cn; login.microsoftonline.com, login.microsoftonline.us,
    ///   login.chinacloudapi.cn), and "Access national cloud deployments with the Microsoft Graph SDKs",
    ///   https://learn.microsoft.com/graph/sdks/national-clouds (the .default scope must use the national host).
    /// - ARM hosts: "Compare Azure Government and global Azure",
    ///   https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure
    ///   (management.usgovcloudapi.net, used by both GCC High and DoD), and "Azure China developer guide",
    ///   https://learn.microsoft.com/azure/china/resources-developer-guide (management.chinacloudapi.cn).
    /// </remarks>
    public sealed class CloudEndpoints
    {
        private CloudEndpoints(CloudEnvironment environment, Uri authorityHost, Uri graph, Uri arm, Uri graphResource, Uri armResource)
        {
            Environment = environment;
            AuthorityHost = authorityHost;
            Graph = graph;
            Arm = arm;
            GraphResource = graphResource;
            ArmResource = armResource;
        }

        public CloudEnvironment Environment { get; }

        /// <summary>The Microsoft Entra sign-in host (Azure.Identity's AuthorityHost).</summary>
        public Uri AuthorityHost { get; }

        /// <summary>The Graph service root requests go to (no version segment).</summary>
        public Uri Graph { get; }

        /// <summary>The ARM endpoint requests go to.</summary>
        public Uri Arm { get; }

        /// <summary>The Graph resource tokens are issued for; differs from <see cref="Graph"/> only under an override.</summary>
        public Uri GraphResource { get; }

        /// <summary>The ARM resource tokens are issued for; differs from <see cref="Arm"/> only under an override.</summary>
        public Uri ArmResource { get; }

        /// <summary>True when the Graph or ARM endpoint is not the cloud's own.</summary>
        public bool IsOverridden => GraphResource != Graph || ArmResource != Arm;

        public string GraphScope => ScopeOf(GraphResource);

        public string ArmScope => ScopeOf(ArmResource);

        /// <summary>The Graph base URL of one API version, e.g. https://graph.microsoft.com/v1.0.</summary>
        public Uri GraphBaseUrl(GraphApiVersion version)
            => new Uri(Graph.AbsoluteUri.TrimEnd('/') + (version == GraphApiVersion.Beta ? "/beta" : "/v1.0"));

        public static CloudEndpoints For(CloudEnvironment environment, Uri? graphOverride = null, Uri? armOverride = null)
        {
            var (login, graph, arm) = environment switch
            {
                CloudEnvironment.Global => ("https://login.microsoftonline.com/", "https://graph.microsoft.com/", "https://management.azure.com/"),
                CloudEnvironment.USGovernment => ("https://login.microsoftonline.us/", "https://graph.microsoft.us/", "https://management.usgovcloudapi.net/"),
                CloudEnvironment.USGovernmentDoD => ("https://login.microsoftonline.us/", "https://dod-graph.microsoft.us/", "https://management.usgovcloudapi.net/"),
                CloudEnvironment.China => ("https://login.chinacloudapi.cn/", "https://microsoftgraph.chinacloudapi.cn/", "https://management.chinacloudapi.cn/"),
                _ => throw new ArgumentOutOfRangeException(nameof(environment), environment, "Unknown cloud environment."),
            };
            var graphResource = new Uri(graph);
            var armResource = new Uri(arm);
            return new CloudEndpoints(
                environment,
                new Uri(login),
                graphOverride == null ? graphResource : CheckOverride(graphOverride, nameof(graphOverride)),
                armOverride == null ? armResource : CheckOverride(armOverride, nameof(armOverride)),
                graphResource,
                armResource);
        }

        /// <summary>True for http://127.0.0.1, http://[::1] and http://localhost: the only hosts a token may go to unencrypted.</summary>
        public static bool IsLoopback(Uri uri)
        {
            if (uri == null)
            {
                throw new ArgumentNullException(nameof(uri));
            }

            return uri.IsLoopback;
        }

        private static Uri CheckOverride(Uri endpoint, string parameter)
        {
            if (!endpoint.IsAbsoluteUri)
            {
                throw new ArgumentException($"The endpoint '{RedactingLog.Redact(endpoint.OriginalString)}' is not an absolute URL.", parameter);
            }

            var https = string.Equals(endpoint.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
            var loopbackHttp = string.Equals(endpoint.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && endpoint.IsLoopback;
            if (!https && !loopbackHttp)
            {
                // A bearer token sent over plain http could be read on the way; only this machine is exempt.
                throw new ArgumentException($"The endpoint '{RedactingLog.Redact(endpoint)}' must use https (plain http is accepted for loopback hosts only).", parameter);
            }

            if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
            {
                throw new ArgumentException($"The endpoint '{endpoint.GetLeftPart(UriPartial.Path)}' must not have a query or fragment.", parameter);
            }

            return new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        }

        public override string ToString() => $"{Environment}: Graph {Graph}, ARM {Arm}, sign-in {AuthorityHost}";

        private static string ScopeOf(Uri resource) => resource.AbsoluteUri.TrimEnd('/') + "/.default";
    }

    /// <summary>The Graph API version of a request: v1.0, or beta for the sets only beta serves.</summary>
    public enum GraphApiVersion
    {
        V1,
        Beta,
    }
}
