using System;
using System.Collections.Generic;

namespace ZeroTrustAI.Engine.Azure
{
    /// <summary>
    /// Every Azure resource type the engine, the controls and the collection catalog name. A type is spelled here
    /// once; everything else refers to these constants. Types compare without regard to case (Resource Graph
    /// lower-cases them).
    /// </summary>
    public static class ResourceTypes
    {
        public const string Subscription = "Microsoft.Resources/subscriptions";

        // Azure AI services and Foundry
        public const string CognitiveServicesAccount = "Microsoft.CognitiveServices/accounts";
        public const string CognitiveServicesDeployment = "Microsoft.CognitiveServices/accounts/deployments";
        public const string CognitiveServicesRaiPolicy = "Microsoft.CognitiveServices/accounts/raiPolicies";
        public const string CognitiveServicesDefenderForAiSettings = "Microsoft.CognitiveServices/accounts/defenderForAISettings";
        public const string CognitiveServicesProject = "Microsoft.CognitiveServices/accounts/projects";
        public const string CognitiveServicesConnection = "Microsoft.CognitiveServices/accounts/connections";
        public const string CognitiveServicesProjectConnection = "Microsoft.CognitiveServices/accounts/projects/connections";
        public const string SearchService = "Microsoft.Search/searchServices";
        public const string MachineLearningWorkspace = "Microsoft.MachineLearningServices/workspaces";
        public const string MachineLearningConnection = "Microsoft.MachineLearningServices/workspaces/connections";
        public const string MachineLearningCompute = "Microsoft.MachineLearningServices/workspaces/computes";
        public const string MachineLearningOnlineEndpoint = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";
        public const string MachineLearningServerlessEndpoint = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints";
        public const string BotService = "Microsoft.BotService/botServices";

        // Data
        public const string StorageAccount = "Microsoft.Storage/storageAccounts";
        public const string KeyVault = "Microsoft.KeyVault/vaults";
        public const string CosmosDbAccount = "Microsoft.DocumentDB/databaseAccounts";
        public const string StorageBlobService = "Microsoft.Storage/storageAccounts/blobServices";
        public const string StorageBlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
        public const string SqlServer = "Microsoft.Sql/servers";
        public const string SqlServerAuditingSettings = "Microsoft.Sql/servers/auditingSettings";
        public const string SearchSharedPrivateLink = "Microsoft.Search/searchServices/sharedPrivateLinkResources";
        public const string MachineLearningDatastore = "Microsoft.MachineLearningServices/workspaces/datastores";
        public const string DefenderForStorageSettings = "Microsoft.Security/defenderForStorageSettings";

        // Network
        public const string NetworkSecurityGroup = "Microsoft.Network/networkSecurityGroups";
        public const string NetworkSecurityRule = "Microsoft.Network/networkSecurityGroups/securityRules";
        public const string FirewallPolicy = "Microsoft.Network/firewallPolicies";
        public const string NetworkInterface = "Microsoft.Network/networkInterfaces";
        public const string VirtualNetwork = "Microsoft.Network/virtualNetworks";
        public const string Subnet = "Microsoft.Network/virtualNetworks/subnets";
        public const string PublicIpAddress = "Microsoft.Network/publicIPAddresses";
        public const string AzureFirewall = "Microsoft.Network/azureFirewalls";
        public const string LoadBalancer = "Microsoft.Network/loadBalancers";
        public const string ApplicationGateway = "Microsoft.Network/applicationGateways";
        public const string ApplicationGatewayWafPolicy = "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies";
        public const string FrontDoorWafPolicy = "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies";
        public const string CdnProfile = "Microsoft.Cdn/profiles";
        public const string CdnSecurityPolicy = "Microsoft.Cdn/profiles/securityPolicies";
        public const string PrivateEndpoint = "Microsoft.Network/privateEndpoints";
        public const string PrivateDnsZoneGroup = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
        public const string PrivateDnsZone = "Microsoft.Network/privateDnsZones";
        public const string PrivateDnsZoneLink = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
        public const string FlowLog = "Microsoft.Network/networkWatchers/flowLogs";
        public const string ApiManagementService = "Microsoft.ApiManagement/service";
        public const string ApiManagementBackend = "Microsoft.ApiManagement/service/backends";

        // Security, identity and monitoring (several are extension resources of the resources above)
        public const string DefenderPricing = "Microsoft.Security/pricings";
        public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
        public const string DiagnosticSetting = "Microsoft.Insights/diagnosticSettings";
        public const string Lock = "Microsoft.Authorization/locks";
        public const string AdvancedThreatProtectionSetting = "Microsoft.Security/advancedThreatProtectionSettings";
        public const string DefenderGovernanceRule = "Microsoft.Security/governanceRules";
        public const string Workbook = "Microsoft.Insights/workbooks";

        // Microsoft Sentinel: a Log Analytics workspace and the Sentinel extension resources on it.
        public const string LogAnalyticsWorkspace = "Microsoft.OperationalInsights/workspaces";
        public const string SentinelOnboardingState = "Microsoft.SecurityInsights/onboardingStates";
        public const string SentinelDataConnector = "Microsoft.SecurityInsights/dataConnectors";
        public const string SentinelContentPackage = "Microsoft.SecurityInsights/contentPackages";
        public const string SentinelAlertRule = "Microsoft.SecurityInsights/alertRules";
        public const string SentinelAutomationRule = "Microsoft.SecurityInsights/automationRules";

        /// <summary>Azure resource types whose managed identity is the identity of an AI workload (matched to service principals).</summary>
        public static readonly IReadOnlyList<string> AiIdentityResourceTypes = new[]
        {
            CognitiveServicesAccount,
            CognitiveServicesProject,
            MachineLearningWorkspace,
            SearchService,
        };

        private static readonly Dictionary<string, string> DisplayNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [Subscription] = "Subscription",
            [CognitiveServicesAccount] = "Cognitive Services account",
            [CognitiveServicesDeployment] = "Model deployment",
            [CognitiveServicesRaiPolicy] = "RAI policy",
            [CognitiveServicesProject] = "Foundry project",
            [SearchService] = "Search service",
            [MachineLearningWorkspace] = "Machine Learning workspace",
            [MachineLearningCompute] = "Compute",
            [MachineLearningOnlineEndpoint] = "Online endpoint",
            [MachineLearningServerlessEndpoint] = "Serverless endpoint",
            [BotService] = "Bot",
            [StorageAccount] = "Storage account",
            [KeyVault] = "Key Vault",
            [CosmosDbAccount] = "Cosmos DB account",
            [StorageBlobService] = "Blob service",
            [StorageBlobContainer] = "Blob container",
            [SqlServer] = "SQL server",
            [NetworkSecurityGroup] = "Network security group",
            [FirewallPolicy] = "Firewall policy",
            [LogAnalyticsWorkspace] = "Log Analytics workspace",
            [NetworkInterface] = "Network interface",
            [VirtualNetwork] = "Virtual network",
            [PublicIpAddress] = "Public IP address",
            [AzureFirewall] = "Azure Firewall",
            [LoadBalancer] = "Load balancer",
            [ApplicationGateway] = "Application gateway",
            [ApplicationGatewayWafPolicy] = "Application Gateway WAF policy",
            [FrontDoorWafPolicy] = "Front Door WAF policy",
            [CdnProfile] = "Front Door profile",
            [PrivateEndpoint] = "Private endpoint",
            [PrivateDnsZone] = "Private DNS zone",
            [FlowLog] = "Flow log",
            [ApiManagementService] = "API Management service",
            [ApiManagementBackend] = "API Management backend",
            [Workbook] = "Workbook",
            [DefenderGovernanceRule] = "Governance rule",
        };

        /// <summary>Azure resource types that hold data an AI workload may read, index or learn from (AI-reachable stores).</summary>
        public static readonly IReadOnlyList<string> DataStoreTypes = new[]
        {
            StorageAccount,
            KeyVault,
            CosmosDbAccount,
            SearchService,
            SqlServer,
        };

        /// <summary>The type in words for reasons ("Storage account"); the type's last segment when it has no name here.</summary>
        public static string DisplayName(string type) =>
            DisplayNames.TryGetValue(type, out var name) ? name : type.Substring(type.LastIndexOf('/') + 1);

        /// <summary>Ids and types compare without regard to case, as ARM and Resource Graph disagree on casing.</summary>
        public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

        /// <summary>Private endpoint connections of a resource type, when collected as separate child resources.</summary>
        public static string PrivateEndpointConnectionsOf(string parentType) => Child(parentType, "privateEndpointConnections");

        /// <summary>The child type <paramref name="parentType"/>/<paramref name="childName"/>.</summary>
        public static string Child(string parentType, string childName) => parentType + "/" + childName;
    }
}
