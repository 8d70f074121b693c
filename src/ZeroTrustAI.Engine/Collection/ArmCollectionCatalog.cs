using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>Where the objects of one Azure resource type come from.</summary>
    public enum ArmSource
    {
        /// <summary>GET /subscriptions (ArmClient): every subscription the identity can read.</summary>
        SubscriptionList,

        /// <summary>An Azure Resource Graph query over one table, paged with <c>$skipToken</c>.</summary>
        ResourceGraph,

        /// <summary>
        /// ARM GET on each parent resource (child and extension resources Resource Graph does not hold: model
        /// deployments, RAI policies, connections, diagnostic settings, ...).
        /// </summary>
        ArmGetPerParent,
    }

    /// <summary>How the resources of one type are collected.</summary>
    public sealed class ArmTypeRequest
    {
        internal ArmTypeRequest(
            string resourceType,
            ArmSource source,
            string? table = null,
            IReadOnlyList<string>? parentTypes = null,
            string? relativePath = null,
            string? apiVersion = null)
        {
            ResourceType = resourceType;
            Source = source;
            Table = table;
            ParentTypes = parentTypes ?? Array.Empty<string>();
            RelativePath = relativePath;
            ApiVersion = apiVersion;
        }

        /// <summary>The full resource type, e.g. <c>Microsoft.CognitiveServices/accounts/deployments</c>.</summary>
        public string ResourceType { get; }

        public ArmSource Source { get; }

        /// <summary>For Resource Graph: <c>resources</c>, <c>authorizationresources</c> or <c>securityresources</c>.</summary>
        public string? Table { get; }

        /// <summary>For ARM GET per parent: the parent resource types whose resources are listed one by one.</summary>
        public IReadOnlyList<string> ParentTypes { get; }

        /// <summary>
        /// For ARM GET per parent: the path after the parent's id, e.g. <c>deployments</c> or
        /// <c>providers/Microsoft.Insights/diagnosticSettings</c>; for the subscription list, the full path.
        /// </summary>
        public string? RelativePath { get; }

        /// <summary>The ARM api-version of the GET; null for Resource Graph (the collector's query API version applies).</summary>
        public string? ApiVersion { get; }

        /// <summary>
        /// The Resource Graph query, ordered by id so that <c>$skipToken</c> paging is stable; null for other sources.
        /// </summary>
        public string? ResourceGraphQuery => Source == ArmSource.ResourceGraph
            ? $"{Table} | where type =~ '{ResourceType.ToLowerInvariant()}' | order by id asc"
            : null;

        /// <summary>
        /// The ARM GET path for one parent (or the subscription list), e.g.
        /// <c>/subscriptions/…/accounts/a/deployments?api-version=2024-10-01</c>; null for Resource Graph.
        /// </summary>
        public string? BuildRequestPath(string? parentId = null)
        {
            switch (Source)
            {
                case ArmSource.SubscriptionList:
                    return "/" + RelativePath + "?api-version=" + ApiVersion;
                case ArmSource.ArmGetPerParent:
                    if (string.IsNullOrEmpty(parentId))
                    {
                        throw new ArgumentException($"{ResourceType} is listed per parent; pass the id of a {string.Join(" or ", ParentTypes)} resource.", nameof(parentId));
                    }

                    return parentId!.TrimEnd('/') + "/" + RelativePath + "?api-version=" + ApiVersion;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// The static table of Azure resource types ZeroTrustAI collects and where each comes from. Resource Graph holds
    /// tracked resources, role assignments and Defender pricings; child and extension resources it lacks are read by ARM
    /// GET on each parent.
    /// </summary>
    public static class ArmCollectionCatalog
    {

        // Cognitive Services 2024-10-01 is GA for deployments, RAI policies and Defender for AI settings; projects and
        // their connections arrived in 2025-06-01.
        private const string CognitiveApi = "2024-10-01";
        private const string FoundryApi = "2025-06-01";
        private const string MachineLearningApi = "2024-10-01";
        private const string SentinelApi = "2024-09-01";

        private static readonly Dictionary<string, ArmTypeRequest> ByType = new[]
        {
            new ArmTypeRequest(ResourceTypes.Subscription, ArmSource.SubscriptionList, relativePath: "subscriptions", apiVersion: "2022-12-01"),

            Graph("resources", ResourceTypes.CognitiveServicesAccount),
            Graph("resources", ResourceTypes.SearchService),
            Graph("resources", ResourceTypes.MachineLearningWorkspace),
            Graph("resources", ResourceTypes.BotService),
            Graph("resources", ResourceTypes.StorageAccount),
            Graph("resources", ResourceTypes.KeyVault),
            Graph("resources", ResourceTypes.CosmosDbAccount),
            Graph("resources", ResourceTypes.SqlServer),
            Graph("resources", ResourceTypes.NetworkSecurityGroup),
            Graph("resources", ResourceTypes.FirewallPolicy),
            Graph("resources", ResourceTypes.NetworkInterface),
            Graph("resources", ResourceTypes.VirtualNetwork),
            Graph("resources", ResourceTypes.PublicIpAddress),
            Graph("resources", ResourceTypes.AzureFirewall),
            Graph("resources", ResourceTypes.LoadBalancer),
            Graph("resources", ResourceTypes.ApplicationGateway),
            Graph("resources", ResourceTypes.ApplicationGatewayWafPolicy),
            Graph("resources", ResourceTypes.FrontDoorWafPolicy),
            Graph("resources", ResourceTypes.CdnProfile),
            Graph("resources", ResourceTypes.PrivateEndpoint),
            Graph("resources", ResourceTypes.PrivateDnsZone),
            Graph("resources", ResourceTypes.PrivateDnsZoneLink),
            Graph("resources", ResourceTypes.FlowLog),
            Graph("resources", ResourceTypes.ApiManagementService),
            Graph("authorizationresources", ResourceTypes.RoleAssignment),
            Graph("securityresources", ResourceTypes.DefenderPricing),
            Graph("resources", ResourceTypes.LogAnalyticsWorkspace),
            Graph("resources", ResourceTypes.Workbook),

            PerParent(ResourceTypes.CognitiveServicesDeployment, "deployments", CognitiveApi, ResourceTypes.CognitiveServicesAccount),
            PerParent(ResourceTypes.CognitiveServicesRaiPolicy, "raiPolicies", CognitiveApi, ResourceTypes.CognitiveServicesAccount),
            PerParent(ResourceTypes.CognitiveServicesDefenderForAiSettings, "defenderForAISettings", CognitiveApi, ResourceTypes.CognitiveServicesAccount),
            PerParent(ResourceTypes.CognitiveServicesProject, "projects", FoundryApi, ResourceTypes.CognitiveServicesAccount),
            PerParent(ResourceTypes.CognitiveServicesConnection, "connections", FoundryApi, ResourceTypes.CognitiveServicesAccount),
            PerParent(ResourceTypes.CognitiveServicesProjectConnection, "connections", FoundryApi, ResourceTypes.CognitiveServicesProject),
            PerParent(ResourceTypes.MachineLearningConnection, "connections", MachineLearningApi, ResourceTypes.MachineLearningWorkspace),
            PerParent(ResourceTypes.MachineLearningCompute, "computes", MachineLearningApi, ResourceTypes.MachineLearningWorkspace),
            PerParent(ResourceTypes.MachineLearningOnlineEndpoint, "onlineEndpoints", MachineLearningApi, ResourceTypes.MachineLearningWorkspace),
            PerParent(ResourceTypes.MachineLearningServerlessEndpoint, "serverlessEndpoints", MachineLearningApi, ResourceTypes.MachineLearningWorkspace),

            // Data stores' children and what links stores to AI (Data controls and the AI reachability index).
            PerParent(ResourceTypes.StorageBlobService, "blobServices", "2023-05-01", ResourceTypes.StorageAccount),
            PerParent(ResourceTypes.StorageBlobContainer, "containers", "2023-05-01", ResourceTypes.StorageBlobService),
            PerParent(ResourceTypes.SqlServerAuditingSettings, "auditingSettings", "2021-11-01", ResourceTypes.SqlServer),
            PerParent(ResourceTypes.SearchSharedPrivateLink, "sharedPrivateLinkResources", "2023-11-01", ResourceTypes.SearchService),
            PerParent(ResourceTypes.MachineLearningDatastore, "datastores", MachineLearningApi, ResourceTypes.MachineLearningWorkspace),
            PerParent(ResourceTypes.DefenderForStorageSettings, "providers/Microsoft.Security/defenderForStorageSettings", "2025-01-01", ResourceTypes.StorageAccount),

            // Network children Resource Graph does not hold.
            PerParent(ResourceTypes.PrivateDnsZoneGroup, "privateDnsZoneGroups", "2024-05-01", ResourceTypes.PrivateEndpoint),
            PerParent(ResourceTypes.CdnSecurityPolicy, "securityPolicies", "2024-02-01", ResourceTypes.CdnProfile),
            PerParent(ResourceTypes.ApiManagementBackend, "backends", "2022-08-01", ResourceTypes.ApiManagementService),

            // An extension resource: read on each resource whose logging a control judges (ZTAI-AI-028: AI accounts and
            // AI Search services; ZTAI-AI-157: ML workspaces and Foundry hubs; ZTAI-AI-170: bots; ZTAI-DATA-109, 110: Key Vaults,
            // blob services).
            PerParent(ResourceTypes.DiagnosticSetting, "providers/Microsoft.Insights/diagnosticSettings", "2021-05-01-preview", ResourceTypes.CognitiveServicesAccount, ResourceTypes.SearchService, ResourceTypes.MachineLearningWorkspace, ResourceTypes.BotService, ResourceTypes.KeyVault, ResourceTypes.StorageBlobService),

            // Sentinel's extension resources on every Log Analytics workspace (2024-09-01 is GA for all five).
            PerParent(ResourceTypes.SentinelOnboardingState, "providers/Microsoft.SecurityInsights/onboardingStates", SentinelApi, ResourceTypes.LogAnalyticsWorkspace),
            PerParent(ResourceTypes.SentinelDataConnector, "providers/Microsoft.SecurityInsights/dataConnectors", SentinelApi, ResourceTypes.LogAnalyticsWorkspace),
            PerParent(ResourceTypes.SentinelContentPackage, "providers/Microsoft.SecurityInsights/contentPackages", SentinelApi, ResourceTypes.LogAnalyticsWorkspace),
            PerParent(ResourceTypes.SentinelAlertRule, "providers/Microsoft.SecurityInsights/alertRules", SentinelApi, ResourceTypes.LogAnalyticsWorkspace),
            PerParent(ResourceTypes.SentinelAutomationRule, "providers/Microsoft.SecurityInsights/automationRules", SentinelApi, ResourceTypes.LogAnalyticsWorkspace),

            // Defender for Cloud governance rules set on each subscription (the API has only a preview version).
            PerParent(ResourceTypes.DefenderGovernanceRule, "providers/Microsoft.Security/governanceRules", "2022-01-01-preview", ResourceTypes.Subscription),
        }.ToDictionary(r => r.ResourceType, StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Child types that Resource Graph and ARM GET return inside their parent (properties.securityRules,
        /// properties.privateEndpointConnections): controls read them when a hand-made snapshot keeps them apart, but
        /// they are never collected on their own.
        /// </summary>
        public static IReadOnlyCollection<string> ReturnedInsideParent { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            ResourceTypes.NetworkSecurityRule,
            ResourceTypes.Subnet,
            ResourceTypes.PrivateEndpointConnectionsOf(ResourceTypes.StorageAccount),
            ResourceTypes.PrivateEndpointConnectionsOf(ResourceTypes.KeyVault),
            ResourceTypes.PrivateEndpointConnectionsOf(ResourceTypes.CosmosDbAccount),
            ResourceTypes.PrivateEndpointConnectionsOf(ResourceTypes.CognitiveServicesAccount),
            ResourceTypes.PrivateEndpointConnectionsOf(ResourceTypes.SearchService),
            ResourceTypes.PrivateEndpointConnectionsOf(ResourceTypes.MachineLearningWorkspace),
        };

        public static IReadOnlyCollection<ArmTypeRequest> All => ByType.Values;

        /// <summary>The request for a resource type (ignoring case), or null when the catalog does not know it.</summary>
        public static ArmTypeRequest? Find(string resourceType) => ByType.TryGetValue(resourceType, out var request) ? request : null;

        private static ArmTypeRequest Graph(string table, string type) => new ArmTypeRequest(type, ArmSource.ResourceGraph, table);

        private static ArmTypeRequest PerParent(string type, string relativePath, string apiVersion, params string[] parentTypes) =>
            new ArmTypeRequest(type, ArmSource.ArmGetPerParent, parentTypes: parentTypes, relativePath: relativePath, apiVersion: apiVersion);
    }
}
