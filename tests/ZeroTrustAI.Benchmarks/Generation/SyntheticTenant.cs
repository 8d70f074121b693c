using System.Globalization;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using System.Text.Json.Nodes;

namespace ZeroTrustAI.Benchmarks.Generation;

/// <summary>What to generate.</summary>
public sealed class SyntheticTenantOptions
{
    /// <summary>Service principals of every kind: regular ones, agent identities and agent blueprint principals (at least 100).</summary>
    public int ServicePrincipals { get; init; } = 10_000;

    /// <summary>Top-level Azure resources (AI, data, network); their children, role assignments, subscriptions and Defender plans come on top.</summary>
    public int Resources { get; init; } = 2_000;

    public SnapshotFileFormat Format { get; init; } = SnapshotFileFormat.JsonlGz;

    public ulong Seed { get; init; } = 20261203;

    /// <summary>The sample tenant whose objects are the templates (default: the copy next to the benchmarks).</summary>
    public string? SampleTenantPath { get; init; }
}

/// <summary>What was generated: objects per data set (graph/&lt;set&gt;, arm/&lt;type&gt;), and sizes.</summary>
public sealed class GeneratedTenant
{
    public GeneratedTenant(string path, IReadOnlyDictionary<string, long> counts, long bytes, int files)
    {
        Path = path;
        Counts = counts;
        Bytes = bytes;
        Files = files;
    }

    public string Path { get; }

    /// <summary>Objects per data set name, e.g. <c>graph/servicePrincipals</c> or <c>arm/microsoft.storage/storageaccounts</c>.</summary>
    public IReadOnlyDictionary<string, long> Counts { get; }

    public long Bytes { get; }

    public int Files { get; }

    public long Count(string dataSet) => Counts.TryGetValue(dataSet, out var count) ? count : 0;

    /// <summary>
    /// Per relation set (graph/servicePrincipals.appRoleAssignments), the pages beyond the first that its parents need
    /// at Graph's largest page size (999): a principal with 2,500 assignments needs 2 more.
    /// </summary>
    public IReadOnlyDictionary<string, long> ExtraRelationPages { get; init; } = new Dictionary<string, long>();
}

/// <summary>
/// A deterministic synthetic tenant in the snapshot format (docs/snapshot-format.md): the same options give the same
/// bytes on every run and machine. Every object is a sample tenant object with new ids, names and settings; the
/// proportions follow large real tenants: mostly third-party and tenant apps, about 15 % managed identities, a few
/// percent agent identities, about 10 app role assignments per service principal with a long tail (some hold
/// thousands), 2 delegated grants per service principal, owners on most tenant apps, a few directory role assignments;
/// on the Azure side, AI accounts with model deployments and content filters, storage, Key Vault, Cosmos DB, search,
/// machine learning and network resources, about 1.5 role assignments per resource, and Defender plans per subscription.
/// </summary>
public static class SyntheticTenant
{
    private const string MicrosoftTenantId = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    /// <summary>The Az module's identity property name.</summary>
    private const string AzTenantId = "TenantId";
    private static readonly DateTime Epoch = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] DelegatedScopes =
    {
        "openid profile offline_access User.Read",
        "User.Read",
        "User.Read Mail.Read",
        "User.Read Calendars.Read",
        "Files.Read.All Sites.Read.All",
        "Mail.ReadWrite Mail.Send",
        "Files.ReadWrite.All",
        "Directory.Read.All",
        "Chat.Read ChannelMessage.Read.All",
        "User.ReadBasic.All People.Read",
    };

    /// <summary>Settings flipped on a share of the generated resources so that controls see both outcomes.</summary>
    private static readonly string[] SecuritySwitches =
    {
        "disableLocalAuth", "allowSharedKeyAccess", "allowBlobPublicAccess", "enableRbacAuthorization", "enablePurgeProtection",
        "enableSoftDelete", "disableKeyBasedMetadataWriteAccess", "restrictOutboundNetworkAccess", "supportsHttpsTrafficOnly",
        "isLocalUserEnabled", "allowCrossTenantReplication", "defaultToOAuthAuthentication",
    };

    /// <summary>Top-level Azure resource types and their share of <see cref="SyntheticTenantOptions.Resources"/>.</summary>
    private static readonly (string Type, double Share, string Prefix)[] ResourceMix =
    {
        ("microsoft.cognitiveservices/accounts", 0.14, "oai"),
        ("microsoft.machinelearningservices/workspaces", 0.03, "mlw"),
        ("microsoft.search/searchservices", 0.05, "srch"),
        ("microsoft.storage/storageaccounts", 0.25, "st"),
        ("microsoft.keyvault/vaults", 0.15, "kv"),
        ("microsoft.documentdb/databaseaccounts", 0.07, "cosmos"),
        ("microsoft.network/networksecuritygroups", 0.12, "nsg"),
        ("microsoft.network/virtualnetworks", 0.08, "vnet"),
        ("microsoft.network/publicipaddresses", 0.05, "pip"),
        ("microsoft.network/firewallpolicies", 0.03, "afwp"),
        ("microsoft.network/azurefirewalls", 0.03, "afw"),
    };

    private enum SpKind : byte
    {
        ThirdParty,
        Microsoft,
        TenantApp,
        AgenticApp,
        ManagedIdentity,
    }

    public static GeneratedTenant Write(string folder, SyntheticTenantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ServicePrincipals < 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ServicePrincipals, "A synthetic tenant has at least 100 service principals.");
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var generator = new Generator(folder, options, SampleTemplates.Load(options.SampleTenantPath ?? SampleTemplates.DefaultPath));
        generator.WriteGraph();
        generator.WriteArm();
        generator.WriteManifest();

        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        return new GeneratedTenant(folder, generator.Counts, files.Sum(f => new FileInfo(f).Length), files.Length) { ExtraRelationPages = generator.ExtraRelationPages };
    }

    /// <summary>
    /// The input PSRule for Azure reads: <c>Get-AzResource -ExpandProperties | ConvertTo-Json -Depth 100</c> of
    /// <paramref name="count"/> AI (Azure OpenAI / AI services), Storage and Key Vault resources, one indented JSON
    /// array written to <paramref name="file"/>. Deterministic like <see cref="Write"/>.
    /// </summary>
    public static long WriteAzResources(string file, int count, ulong seed = 20261203, string? sampleTenantPath = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var options = new SyntheticTenantOptions { ServicePrincipals = 1000, Resources = count, Seed = seed, SampleTenantPath = sampleTenantPath };
        var generator = new Generator(Path.GetDirectoryName(Path.GetFullPath(file))!, options, SampleTemplates.Load(options.SampleTenantPath ?? SampleTemplates.DefaultPath));
        generator.WriteAzResources(file, count);
        return new FileInfo(file).Length;
    }

    private static string Timestamp(Rng rng, int days = 1000) =>
        Epoch.AddSeconds(rng.Below(days * 86_400)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// An app role assignment's id as Graph makes it: base64url of the principal's object id (16 bytes) and 16 more
    /// bytes, 43 characters. Draws as many numbers as it always has, so the rest of the tenant stays the same.
    /// </summary>
    private static string AssignmentId(Rng rng, string principalId)
    {
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 4; i++)
        {
            BitConverter.TryWriteBytes(bytes[(i * 8)..], rng.Next());
        }

        Guid.Parse(principalId).TryWriteBytes(bytes);
        return Base64Url(bytes);
    }

    /// <summary>
    /// A delegated grant's id as Graph makes it: base64url of its client's and resource's object ids (43 characters),
    /// and its user's for one user's consent (64 characters).
    /// </summary>
    private static string GrantId(string clientId, string resourceId, string? principalId)
    {
        Span<byte> bytes = stackalloc byte[48];
        Guid.Parse(clientId).TryWriteBytes(bytes);
        Guid.Parse(resourceId).TryWriteBytes(bytes[16..]);
        if (principalId == null)
        {
            return Base64Url(bytes[..32]);
        }

        Guid.Parse(principalId).TryWriteBytes(bytes[32..]);
        return Base64Url(bytes);
    }

    /// <summary>An opaque base64url id of 32 random bytes (43 characters), as directory role assignments have.</summary>
    private static string OpaqueId(Rng rng)
    {
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 4; i++)
        {
            BitConverter.TryWriteBytes(bytes[(i * 8)..], rng.Next());
        }

        return Base64Url(bytes);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class Generator
    {
        private readonly string _root;
        private readonly SyntheticTenantOptions _options;
        private readonly SampleTemplates _sample;
        private readonly ulong _seed;
        private readonly SpKind[] _kinds;
        private readonly int[] _managedIdentities;
        private readonly int[] _tenantOwned;
        private readonly int _agents;
        private readonly int _blueprints;
        private readonly int _users;
        private readonly string _graphSpId;
        private readonly JsonElement[] _graphRoles;
        private readonly List<string> _subscriptions = new();

        public Generator(string root, SyntheticTenantOptions options, SampleTemplates sample)
        {
            _root = root;
            _options = options;
            _sample = sample;
            _seed = options.Seed;
            var total = options.ServicePrincipals;
            var sampleRegular = sample.GraphSet("servicePrincipals").Count;
            _blueprints = Math.Max(0, total / 1000 - sample.GraphSet("servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal").Count);
            _agents = Math.Max(0, total * 3 / 100 - sample.GraphSet("servicePrincipals.microsoft.graph.agentIdentity").Count);
            var regular = Math.Max(0, total - sampleRegular - _blueprints - _agents - sample.GraphSet("servicePrincipals.microsoft.graph.agentIdentity").Count - sample.GraphSet("servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal").Count);
            _users = Math.Max(50, total / 5);

            var rng = new Rng(_seed, "kinds");
            _kinds = new SpKind[regular];
            for (var i = 0; i < regular; i++)
            {
                var u = rng.Unit();
                _kinds[i] = u < 0.40 ? SpKind.ThirdParty : u < 0.46 ? SpKind.Microsoft : u < 0.81 ? SpKind.TenantApp : u < 0.85 ? SpKind.AgenticApp : SpKind.ManagedIdentity;
            }

            _managedIdentities = Enumerable.Range(0, regular).Where(i => _kinds[i] == SpKind.ManagedIdentity).ToArray();
            _tenantOwned = Enumerable.Range(0, regular).Where(i => _kinds[i] is SpKind.TenantApp or SpKind.AgenticApp).ToArray();
            var graphSp = sample.GraphSet("servicePrincipals").First(sp => sp.GetProperty("appId").GetString() == GraphAppId);
            _graphSpId = graphSp.GetProperty("id").GetString()!;
            _graphRoles = graphSp.GetProperty("appRoles").EnumerateArray().ToArray();
        }

        public Dictionary<string, long> Counts { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, long> ExtraRelationPages { get; } = new(StringComparer.OrdinalIgnoreCase);

        private string TenantId => _sample.TenantId;

        private string SpId(int index) => Rng.IdOf(_seed, "sp", index);

        private string SpAppId(int index) => Rng.IdOf(_seed, "sp-appid", index);

        private string AgentId(int index) => Rng.IdOf(_seed, "agent", index);

        private string BlueprintAppId(int index) => Rng.IdOf(_seed, "blueprint-appid", index);

        private string UserId(int index) => Rng.IdOf(_seed, "user", index);

        private static string SpName(SpKind kind, int index) => kind switch
        {
            SpKind.ThirdParty => $"Partner App {index:D7}",
            SpKind.Microsoft => $"Microsoft Service {index:D7}",
            SpKind.TenantApp => $"contoso-app-{index:D7}",
            SpKind.AgenticApp => $"contoso-agent-app-{index:D7}",
            _ => $"mi-{index:D7}",
        };

        /// <summary>A principal for a grant or an assignment: any regular service principal (or a sample one in a tiny tenant).</summary>
        private string AnySp(Rng rng) => _kinds.Length == 0
            ? rng.Pick(_sample.GraphSet("servicePrincipals")).GetProperty("id").GetString()!
            : SpId(rng.Below(_kinds.Length));

        private ObjectFileWriter Graph(string set) => new(Path.Combine(_root, "graph"), set, _options.Format);

        private void Count(string dataSet, long count) => Counts[dataSet] = Counts.GetValueOrDefault(dataSet) + count;

        public void WriteGraph()
        {
            // Tenant-wide objects (and the few agent users, blueprint credentials, attributes, registry entries and access package assignments) are the sample's own.
            foreach (var set in new[]
            {
                "organization", "roleManagement.directory.roleDefinitions", "identity.conditionalAccess.policies", "policies.authorizationPolicy",
                "policies.adminConsentRequestPolicy", "users.microsoft.graph.agentUser", "applications.federatedIdentityCredentials", "networkAccess.forwardingProfiles",
                "identityProtection.riskyAgents", "identityProtection.agentRiskDetections", "identityProtection.riskyServicePrincipals",
                "identityProtection.servicePrincipalRiskDetections", "reports.servicePrincipalSignInActivities",
                "reports.appCredentialSignInActivities", "auditLogs.directoryAudits", "policies.defaultAppManagementPolicy",
                "networkAccess.filteringPolicies", "networkAccess.filteringProfiles", "networkAccess.tlsInspectionPolicies", "networkAccess.promptPolicies",
                "networkAccess.settings.crossTenantAccess", "networkAccess.settings.conditionalAccess",
                "policies.crossTenantAccessPolicy.default", "identity.conditionalAccess.namedLocations",
                "admin.sharepoint.settings", "security.informationProtection.sensitivityLabels",
                "servicePrincipals.microsoft.graph.agentIdentity.customSecurityAttributes", "agentRegistry.agentInstances",
                "identityGovernance.entitlementManagement.assignments",
            })
            {
                using var writer = Graph(set);
                foreach (var item in _sample.GraphSet(set))
                {
                    writer.Write(item.WriteTo);
                }

                Count("graph/" + set, writer.Count);
            }

            WriteServicePrincipals();
            WriteAgents();
            WriteApplications();
            WriteAppRoleAssignments();
            WriteGrants();
            WriteOwners();
            WriteGroupMemberships();
            WriteDirectoryRoleAssignments();
        }

        private static IReadOnlyList<JsonElement> Templates(IReadOnlyList<JsonElement> all, Func<JsonElement, bool> match)
        {
            var list = all.Where(match).ToList();
            return list.Count > 0 ? list : all;
        }

        private static bool HasTag(JsonElement item, string tag) =>
            item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array && tags.EnumerateArray().Any(t => t.GetString() == tag);

        private static string? Str(JsonElement item, string name) =>
            item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private void WriteServicePrincipals()
        {
            var sample = _sample.GraphSet("servicePrincipals");
            bool Own(JsonElement sp) => Str(sp, "appOwnerOrganizationId") == TenantId;
            var templates = new Dictionary<SpKind, IReadOnlyList<JsonElement>>
            {
                [SpKind.ThirdParty] = Templates(sample, sp => Str(sp, "servicePrincipalType") == "Application" && !Own(sp) && Str(sp, "appId") != GraphAppId && Str(sp, "appOwnerOrganizationId") != MicrosoftTenantId),
                [SpKind.Microsoft] = Templates(sample, sp => Str(sp, "appOwnerOrganizationId") == MicrosoftTenantId && Str(sp, "appId") != GraphAppId),
                [SpKind.TenantApp] = Templates(sample, sp => Own(sp) && !HasTag(sp, "AgenticApp") && !HasTag(sp, "AgenticInstance")),
                [SpKind.AgenticApp] = Templates(sample, sp => HasTag(sp, "AgenticApp")),
                [SpKind.ManagedIdentity] = Templates(sample, sp => Str(sp, "servicePrincipalType") == "ManagedIdentity"),
            };

            var rng = new Rng(_seed, "servicePrincipals");
            using var writer = Graph("servicePrincipals");
            foreach (var item in sample)
            {
                writer.Write(item.WriteTo);
            }

            for (var i = 0; i < _kinds.Length; i++)
            {
                var kind = _kinds[i];
                var template = rng.Pick(templates[kind]);
                var name = SpName(kind, i);
                var appId = SpAppId(i);
                var owned = kind is SpKind.TenantApp or SpKind.AgenticApp;
                var w = writer.BeginObject();
                w.WriteStartObject();
                foreach (var property in template.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "id": w.WriteString("id", SpId(i)); break;
                        case "appId": w.WriteString("appId", appId); break;
                        case "displayName": w.WriteString("displayName", name); break;
                        case "appDisplayName": w.WriteString("appDisplayName", name); break;
                        case "accountEnabled": w.WriteBoolean("accountEnabled", !rng.Chance(0.03)); break;
                        case "createdDateTime": w.WriteString("createdDateTime", Timestamp(rng)); break;
                        case "appOwnerOrganizationId" when owned: w.WriteString("appOwnerOrganizationId", TenantId); break;
                        case "servicePrincipalNames":
                            w.WriteStartArray("servicePrincipalNames");
                            w.WriteStringValue(appId);
                            if (owned)
                            {
                                w.WriteStringValue("api://" + appId);
                            }

                            w.WriteEndArray();
                            break;
                        case "alternativeNames" when kind == SpKind.ManagedIdentity:
                            w.WriteStartArray("alternativeNames");
                            w.WriteStringValue("isExplicit=False");
                            w.WriteStringValue($"/subscriptions/{SubscriptionId(i % 7)}/resourcegroups/rg-{i % 20}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}");
                            w.WriteEndArray();
                            break;
                        case "passwordCredentials" when owned:
                            WriteCredentials(w, "passwordCredentials", rng, rng.Chance(0.35) ? 1 + rng.Below(2) : 0, secret: true);
                            break;
                        case "keyCredentials" when owned:
                            WriteCredentials(w, "keyCredentials", rng, rng.Chance(0.12) ? 1 : 0, secret: false);
                            break;
                        default: property.WriteTo(w); break;
                    }
                }

                w.WriteEndObject();
                writer.EndObject();
            }

            Count("graph/servicePrincipals", writer.Count);
        }

        private static void WriteCredentials(Utf8JsonWriter w, string name, Rng rng, int count, bool secret)
        {
            w.WriteStartArray(name);
            for (var c = 0; c < count; c++)
            {
                var start = Epoch.AddDays(rng.Below(1000));
                var end = start.AddDays(rng.Pick(new[] { 90, 180, 365, 730, 1095 }));
                w.WriteStartObject();
                w.WriteNull("customKeyIdentifier");
                w.WriteString("displayName", secret ? "secret-" + c : "CN=cert-" + c);
                w.WriteString("endDateTime", end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                if (secret)
                {
                    w.WriteString("hint", "abc");
                }

                w.WriteString("keyId", rng.NewGuid());
                if (secret)
                {
                    w.WriteNull("secretText");
                }

                w.WriteString("startDateTime", start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                if (!secret)
                {
                    w.WriteString("type", "AsymmetricX509Cert");
                    w.WriteString("usage", "Verify");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private void WriteAgents()
        {
            var blueprintPrincipals = _sample.GraphSet("servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal");
            var blueprintApps = _sample.GraphSet("applications.microsoft.graph.agentIdentityBlueprint");
            var blueprintAppIds = blueprintApps.Select(b => Str(b, "appId")!).Concat(Enumerable.Range(0, _blueprints).Select(BlueprintAppId)).ToList();
            var rng = new Rng(_seed, "agents");

            using (var writer = Graph("servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal"))
            using (var apps = Graph("applications.microsoft.graph.agentIdentityBlueprint"))
            {
                foreach (var item in blueprintPrincipals)
                {
                    writer.Write(item.WriteTo);
                }

                foreach (var item in blueprintApps)
                {
                    apps.Write(item.WriteTo);
                }

                for (var i = 0; i < _blueprints; i++)
                {
                    var name = $"contoso-blueprint-{i:D5}";
                    WriteClone(writer, rng.Pick(blueprintPrincipals), new()
                    {
                        ["id"] = Rng.IdOf(_seed, "blueprint-sp", i), ["appId"] = BlueprintAppId(i), ["displayName"] = name, ["appDisplayName"] = name,
                        ["createdDateTime"] = Timestamp(rng), ["appOwnerOrganizationId"] = TenantId,
                    });
                    WriteClone(apps, rng.Pick(blueprintApps), new()
                    {
                        ["id"] = Rng.IdOf(_seed, "blueprint-app", i), ["appId"] = BlueprintAppId(i), ["displayName"] = name, ["createdDateTime"] = Timestamp(rng),
                    });
                }

                Count("graph/servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal", writer.Count);
                Count("graph/applications.microsoft.graph.agentIdentityBlueprint", apps.Count);
            }

            var agents = _sample.GraphSet("servicePrincipals.microsoft.graph.agentIdentity");
            using (var writer = Graph("servicePrincipals.microsoft.graph.agentIdentity"))
            {
                foreach (var item in agents)
                {
                    writer.Write(item.WriteTo);
                }

                for (var i = 0; i < _agents; i++)
                {
                    var template = rng.Pick(agents);
                    var blueprint = rng.Pick(blueprintAppIds);
                    var w = writer.BeginObject();
                    w.WriteStartObject();
                    foreach (var property in template.EnumerateObject())
                    {
                        switch (property.Name)
                        {
                            case "id": w.WriteString("id", AgentId(i)); break;
                            case "displayName": w.WriteString("displayName", $"Contoso Agent {i:D6}"); break;
                            case "agentIdentityBlueprintId":
                            case "createdByAppId": w.WriteString(property.Name, blueprint); break;
                            case "createdDateTime": w.WriteString("createdDateTime", Timestamp(rng)); break;
                            case "accountEnabled": w.WriteBoolean("accountEnabled", !rng.Chance(0.05)); break;
                            case "sponsors":
                                // Most agents have a sponsor; the rest are what a review should find.
                                w.WriteStartArray("sponsors");
                                if (!rng.Chance(0.2))
                                {
                                    WriteUser(w, rng.Below(_users), null);
                                }

                                w.WriteEndArray();
                                break;
                            default: property.WriteTo(w); break;
                        }
                    }

                    w.WriteEndObject();
                    writer.EndObject();
                }

                Count("graph/servicePrincipals.microsoft.graph.agentIdentity", writer.Count);
            }
        }

        private void WriteUser(Utf8JsonWriter w, int user, string? ownedObjectId)
        {
            w.WriteStartObject();
            w.WriteString("@odata.type", "#microsoft.graph.user");
            w.WriteString("id", UserId(user));
            w.WriteString("displayName", $"User {user:D6}");
            w.WriteString("userPrincipalName", $"user{user:D6}@contoso.onmicrosoft.com");
            if (ownedObjectId != null)
            {
                w.WriteString("ownedObjectId", ownedObjectId);
            }

            w.WriteEndObject();
        }

        /// <summary>A template object with some top-level string properties replaced (only those the template has).</summary>
        private static void WriteClone(ObjectFileWriter writer, JsonElement template, Dictionary<string, string> values)
        {
            var w = writer.BeginObject();
            w.WriteStartObject();
            foreach (var property in template.EnumerateObject())
            {
                if (values.TryGetValue(property.Name, out var value))
                {
                    w.WriteString(property.Name, value);
                }
                else
                {
                    property.WriteTo(w);
                }
            }

            w.WriteEndObject();
            writer.EndObject();
        }

        private void WriteApplications()
        {
            var sample = _sample.GraphSet("applications");
            var agentic = Templates(sample, a => HasTag(a, "AgenticApp"));
            var plain = Templates(sample, a => !HasTag(a, "AgenticApp"));
            var rng = new Rng(_seed, "applications");
            using var writer = Graph("applications");
            foreach (var item in sample)
            {
                writer.Write(item.WriteTo);
            }

            foreach (var i in _tenantOwned)
            {
                var template = rng.Pick(_kinds[i] == SpKind.AgenticApp ? agentic : plain);
                var appId = SpAppId(i);
                var w = writer.BeginObject();
                w.WriteStartObject();
                foreach (var property in template.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "id": w.WriteString("id", Rng.IdOf(_seed, "app", i)); break;
                        case "appId": w.WriteString("appId", appId); break;
                        case "displayName": w.WriteString("displayName", SpName(_kinds[i], i)); break;
                        case "createdDateTime": w.WriteString("createdDateTime", Timestamp(rng)); break;
                        case "identifierUris":
                            w.WriteStartArray("identifierUris");
                            w.WriteStringValue("api://" + appId);
                            w.WriteEndArray();
                            break;
                        case "passwordCredentials": WriteCredentials(w, "passwordCredentials", rng, rng.Chance(0.45) ? 1 + rng.Below(3) : 0, secret: true); break;
                        case "keyCredentials": WriteCredentials(w, "keyCredentials", rng, rng.Chance(0.15) ? 1 : 0, secret: false); break;
                        default: property.WriteTo(w); break;
                    }
                }

                w.WriteEndObject();
                writer.EndObject();
            }

            Count("graph/applications", writer.Count);
        }

        /// <summary>
        /// About 10 per principal with a long tail (log-normal, sigma 1.5; a few principals hold thousands): mostly
        /// Microsoft Graph application permissions, read permissions far more often than write, the rest roles of
        /// other service principals in the tenant.
        /// </summary>
        private void WriteAppRoleAssignments()
        {
            const double sigma = 1.5;
            var mu = Math.Log(10.6) - sigma * sigma / 2;
            var rng = new Rng(_seed, "appRoleAssignments");
            var roleOrder = new int[_graphRoles.Length];
            long extraPages = 0;
            using var writer = Graph("servicePrincipals.appRoleAssignments");
            foreach (var item in _sample.GraphSet("servicePrincipals.appRoleAssignments"))
            {
                writer.Write(item.WriteTo);
            }

            void WriteFor(string principalId, string principalName)
            {
                var count = (int)Math.Min(4000, Math.Floor(Math.Exp(mu + sigma * rng.Normal())));
                var graph = Math.Min(Math.Min(count, 40), (int)Math.Round(count * 0.85));
                extraPages += Math.Max(0, (count + ObjectFileWriter.JsonPageSize - 1) / ObjectFileWriter.JsonPageSize - 1);
                for (var r = 0; r < roleOrder.Length; r++)
                {
                    roleOrder[r] = r;
                }

                for (var a = 0; a < count; a++)
                {
                    string appRoleId, resourceId, resourceName;
                    if (a < graph)
                    {
                        // Distinct Graph roles, drawn towards the end of the list where the read permissions are.
                        var pick = Math.Min(roleOrder.Length - 1, a + (int)((roleOrder.Length - a) * (1 - Math.Pow(rng.Unit(), 3))));
                        (roleOrder[a], roleOrder[pick]) = (roleOrder[pick], roleOrder[a]);
                        appRoleId = _graphRoles[roleOrder[a]].GetProperty("id").GetString()!;
                        resourceId = _graphSpId;
                        resourceName = "Microsoft Graph";
                    }
                    else
                    {
                        var resource = _kinds.Length == 0 ? 0 : rng.Below(_kinds.Length);
                        appRoleId = Rng.IdOf(_seed, "app-role", resource);
                        resourceId = _kinds.Length == 0 ? _graphSpId : SpId(resource);
                        resourceName = _kinds.Length == 0 ? "Microsoft Graph" : SpName(_kinds[resource], resource);
                    }

                    var w = writer.BeginObject();
                    w.WriteStartObject();
                    w.WriteString("id", AssignmentId(rng, principalId));
                    w.WriteString("appRoleId", appRoleId);
                    w.WriteString("createdDateTime", Timestamp(rng));
                    w.WriteNull("deletedDateTime");
                    w.WriteString("principalDisplayName", principalName);
                    w.WriteString("principalId", principalId);
                    w.WriteString("principalType", "ServicePrincipal");
                    w.WriteString("resourceDisplayName", resourceName);
                    w.WriteString("resourceId", resourceId);
                    w.WriteEndObject();
                    writer.EndObject();
                }
            }

            for (var i = 0; i < _kinds.Length; i++)
            {
                WriteFor(SpId(i), SpName(_kinds[i], i));
            }

            for (var i = 0; i < _agents; i++)
            {
                WriteFor(AgentId(i), $"Contoso Agent {i:D6}");
            }

            Count("graph/servicePrincipals.appRoleAssignments", writer.Count);
            ExtraRelationPages["graph/servicePrincipals.appRoleAssignments"] = extraPages;
        }

        private void WriteGrants()
        {
            var rng = new Rng(_seed, "oauth2PermissionGrants");
            using var writer = Graph("oauth2PermissionGrants");
            foreach (var item in _sample.GraphSet("oauth2PermissionGrants"))
            {
                writer.Write(item.WriteTo);
            }

            for (var g = 0; g < 2 * _kinds.Length; g++)
            {
                var w = writer.BeginObject();
                var all = rng.Chance(0.3);
                // The numbers are drawn in the order they always were (the id's four first), so the rest stays the same.
                for (var i = 0; i < 4; i++)
                {
                    rng.Next();
                }

                var clientId = AnySp(rng);
                var principalId = all ? null : UserId(rng.Below(_users));
                w.WriteStartObject();
                w.WriteString("id", GrantId(clientId, _graphSpId, principalId));
                w.WriteString("clientId", clientId);
                w.WriteString("consentType", all ? "AllPrincipals" : "Principal");
                if (principalId == null)
                {
                    w.WriteNull("principalId");
                }
                else
                {
                    w.WriteString("principalId", principalId);
                }

                w.WriteString("resourceId", _graphSpId);
                w.WriteString("scope", " " + rng.Pick(DelegatedScopes) + " ");
                w.WriteEndObject();
                writer.EndObject();
            }

            Count("graph/oauth2PermissionGrants", writer.Count);
        }

        private void WriteOwners()
        {
            var rng = new Rng(_seed, "owners");
            int Owners() => rng.Unit() switch { < 0.35 => 0, < 0.85 => 1, _ => 2 };
            using (var writer = Graph("servicePrincipals.owners"))
            {
                foreach (var item in _sample.GraphSet("servicePrincipals.owners"))
                {
                    writer.Write(item.WriteTo);
                }

                foreach (var owned in _tenantOwned.Select(SpId).Concat(Enumerable.Range(0, _agents).Select(AgentId)))
                {
                    for (var o = Owners(); o > 0; o--)
                    {
                        var w = writer.BeginObject();
                        WriteUser(w, rng.Below(_users), owned);
                        writer.EndObject();
                    }
                }

                Count("graph/servicePrincipals.owners", writer.Count);
            }

            using (var writer = Graph("applications.owners"))
            {
                foreach (var i in _tenantOwned)
                {
                    for (var o = Owners(); o > 0; o--)
                    {
                        var w = writer.BeginObject();
                        WriteUser(w, rng.Below(_users), Rng.IdOf(_seed, "app", i));
                        writer.EndObject();
                    }
                }

                Count("graph/applications.owners", writer.Count);
            }
        }

        /// <summary>
        /// Groups of tenant apps and agents, as Graph keeps them: the groups (one per 500 service principals, at least 10),
        /// their nesting (30% of groups in one earlier group, 5% in a second: chains and diamonds, no cycle), each
        /// member's direct groups (30% in one, 3% in 2 to 5, 0.1% in 22 to 30: more than $expand returns) and the
        /// transitive list the engine reads (direct groups and every group above them).
        /// </summary>
        private void WriteGroupMemberships()
        {
            var rng = new Rng(_seed, "groups");
            var count = Math.Max(10, _options.ServicePrincipals / 500);
            var ancestors = new List<int>[count];
            using (var groups = Graph("groups"))
            using (var nesting = Graph("groups.memberOf"))
            {
                for (var group = 0; group < count; group++)
                {
                    groups.Write(w => WriteGroup(w, group, null));
                    var parents = new SortedSet<int>();
                    if (group > 0 && rng.Chance(0.30))
                    {
                        parents.Add(rng.Below(group));
                        if (rng.Chance(0.05 / 0.30))
                        {
                            parents.Add(rng.Below(group));
                        }
                    }

                    var above = new SortedSet<int>(parents);
                    foreach (var parent in parents)
                    {
                        nesting.Write(w => WriteGroup(w, parent, GroupId(group)));
                        above.UnionWith(ancestors[parent]);
                    }

                    ancestors[group] = above.ToList();
                }

                foreach (var item in _sample.GraphSet("servicePrincipals.transitiveMemberOf").Where(i => Str(i, "@odata.type") is null or GroupMembership.GroupType))
                {
                    groups.Write(w => WriteGroup(w, Str(item, "id")!, Str(item, "displayName"), null));
                }

                Count("graph/groups", groups.Count);
                Count("graph/groups.memberOf", nesting.Count);
            }

            using var direct = Graph("servicePrincipals.memberOf");
            using var transitive = Graph("servicePrincipals.transitiveMemberOf");
            foreach (var item in _sample.GraphSet("servicePrincipals.transitiveMemberOf"))
            {
                // The sample's memberships have no nesting: direct and transitive alike.
                direct.Write(item.WriteTo);
                transitive.Write(item.WriteTo);
            }

            foreach (var member in _tenantOwned.Select(SpId).Concat(Enumerable.Range(0, _agents).Select(AgentId)))
            {
                var u = rng.Unit();
                var size = u < 0.30 ? 1 : u < 0.33 ? 2 + rng.Below(4) : u < 0.331 ? 22 + rng.Below(9) : 0;
                var mine = new SortedSet<int>();
                while (mine.Count < Math.Min(size, count))
                {
                    mine.Add(rng.Below(count));
                }

                foreach (var group in mine)
                {
                    direct.Write(w => WriteGroup(w, group, member));
                }

                foreach (var group in mine.Concat(mine.SelectMany(g => ancestors[g])).Distinct())
                {
                    transitive.Write(w => WriteGroup(w, group, member));
                }
            }

            Count("graph/servicePrincipals.memberOf", direct.Count);
            Count("graph/servicePrincipals.transitiveMemberOf", transitive.Count);
        }

        private string GroupId(int group) => Rng.IdOf(_seed, "group", group);

        private void WriteGroup(Utf8JsonWriter w, int group, string? member) => WriteGroup(w, GroupId(group), $"Group {group}", member);

        /// <summary>A group as a membership lists it (the member's id added, as the collector adds it), or as itself.</summary>
        private static void WriteGroup(Utf8JsonWriter w, string id, string? name, string? member)
        {
            w.WriteStartObject();
            w.WriteString("@odata.type", GroupMembership.GroupType);
            w.WriteString("id", id);
            w.WriteString("displayName", name);
            if (member != null)
            {
                w.WriteString(GroupMembership.MemberProperty, member);
            }

            w.WriteEndObject();
        }

        private void WriteDirectoryRoleAssignments()
        {
            var definitions = _sample.GraphSet("roleManagement.directory.roleDefinitions").Select(d => Str(d, "id")!).ToList();
            var rng = new Rng(_seed, "roleAssignments");
            using var writer = Graph("roleManagement.directory.roleAssignments");
            foreach (var item in _sample.GraphSet("roleManagement.directory.roleAssignments"))
            {
                writer.Write(item.WriteTo);
            }

            for (var r = 0; r < _options.ServicePrincipals / 200; r++)
            {
                WriteDirectoryRole(writer, rng, definitions, eligible: false);
            }

            Count("graph/roleManagement.directory.roleAssignments", writer.Count);

            // PIM eligibilities: fewer than active assignments in most tenants (the sample has none, so no template).
            using var eligibilities = Graph("roleManagement.directory.roleEligibilityScheduleInstances");
            for (var r = 0; r < _options.ServicePrincipals / 500; r++)
            {
                WriteDirectoryRole(eligibilities, rng, definitions, eligible: true);
            }

            Count("graph/roleManagement.directory.roleEligibilityScheduleInstances", eligibilities.Count);
        }

        private void WriteDirectoryRole(ObjectFileWriter writer, Rng rng, IReadOnlyList<string> definitions, bool eligible)
        {
            var user = rng.Chance(0.6) || _kinds.Length == 0;
            var sp = user ? 0 : rng.Below(_kinds.Length);
            var principalId = user ? UserId(rng.Below(_users)) : SpId(sp);
            var w = writer.BeginObject();
            w.WriteStartObject();
            w.WriteString("id", OpaqueId(rng));
            w.WriteString("principalId", principalId);
            w.WriteString("roleDefinitionId", rng.Pick(definitions));
            w.WriteString("directoryScopeId", "/");
            if (eligible)
            {
                w.WriteString("memberType", "Direct");
                w.WriteString("startDateTime", Timestamp(rng));
                w.WriteNull("endDateTime");
            }
            else
            {
                w.WriteString("principalOrganizationId", TenantId);
            }

            w.WriteStartObject("principal");
            w.WriteString("@odata.type", user ? "#microsoft.graph.user" : "#microsoft.graph.servicePrincipal");
            w.WriteString("id", principalId);
            w.WriteString("displayName", user ? $"User {principalId[..8]}" : SpName(_kinds[sp], sp));
            w.WriteEndObject();
            w.WriteEndObject();
            writer.EndObject();
        }

        private string SubscriptionId(int index) =>
            index < _sample.Subscriptions.Count ? (string)_sample.Subscriptions[index]["subscriptionId"]! : Rng.IdOf(_seed, "subscription", index);

        public void WriteArm()
        {
            var rng = new Rng(_seed, "arm");
            var arm = Path.Combine(_root, "arm");
            var subscriptionCount = Math.Max(_sample.Subscriptions.Count, _options.Resources / 400);
            for (var s = 0; s < subscriptionCount; s++)
            {
                _subscriptions.Add(SubscriptionId(s));
            }

            using (var writer = new ObjectFileWriter(arm, "subscriptions", _options.Format))
            {
                for (var s = 0; s < subscriptionCount; s++)
                {
                    var subscription = (JsonObject)_sample.Subscriptions[s % _sample.Subscriptions.Count].DeepClone();
                    if (s >= _sample.Subscriptions.Count)
                    {
                        subscription["id"] = "/subscriptions/" + _subscriptions[s];
                        subscription["subscriptionId"] = _subscriptions[s];
                        subscription["displayName"] = $"Contoso Subscription {s:D4}";
                    }

                    writer.Write(w => subscription.WriteTo(w));
                }

                Count("arm/subscriptions", writer.Count);
            }

            var writers = new Dictionary<string, ObjectFileWriter>(StringComparer.OrdinalIgnoreCase);
            void Emit(JsonObject resource)
            {
                var type = SampleTemplates.TypeOf(resource);
                if (!writers.TryGetValue(type, out var writer))
                {
                    // Like Save-ZtaiSnapshot: one series of files per resource type, '/' written as '.'.
                    writers[type] = writer = new ObjectFileWriter(arm, type.Replace('/', '.'), _options.Format);
                }

                writer.Write(w => resource.WriteTo(w));
            }

            try
            {
                // The sample's own resources first, so its deliberate good and bad settings are all present.
                foreach (var (_, list) in _sample.Arm.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    foreach (var resource in list)
                    {
                        Emit(resource);
                    }
                }

                var roleDefinitions = _sample.ArmOfType("microsoft.authorization/roleassignments")
                    .Select(r => ((string)r["properties"]!["roleDefinitionId"]!).Split('/')[^1]).Distinct().Order(StringComparer.Ordinal).ToList();
                var assignmentTemplate = _sample.ArmOfType("microsoft.authorization/roleassignments")[0];
                var cumulative = 0.0;
                var mix = ResourceMix.Select(m => (m.Type, Upto: cumulative += m.Share, m.Prefix)).ToArray();
                for (var i = 0; i < _options.Resources; i++)
                {
                    var u = rng.Unit() * cumulative;
                    var (type, _, prefix) = mix.First(m => u < m.Upto);
                    var subscription = _subscriptions[rng.Below(_subscriptions.Count)];
                    var group = $"rg-{prefix}-{rng.Below(20):D2}";
                    var name = $"{prefix}{i:D7}";
                    var id = $"/subscriptions/{subscription}/resourceGroups/{group}/providers/{CanonicalType(type)}/{name}";
                    var resource = Clone(rng.Pick(_sample.ArmOfType(type)), id, name, subscription, rng);
                    Emit(resource);
                    foreach (var child in Children(type, id, rng))
                    {
                        Emit(child);
                    }

                    for (var a = rng.Below(4); a > 0; a--)
                    {
                        Emit(RoleAssignment(assignmentTemplate, rng.Chance(0.7) ? id : $"/subscriptions/{subscription}/resourceGroups/{group}", subscription, rng.Pick(roleDefinitions), rng));
                    }
                }

                // Defender plans: the first sample subscription's, for every generated subscription.
                var pricings = _sample.ArmOfType("microsoft.security/pricings");
                var firstSubscription = _subscriptions[0];
                for (var s = _sample.Subscriptions.Count; s < _subscriptions.Count; s++)
                {
                    foreach (var pricing in pricings.Where(p => ((string?)p["id"] ?? string.Empty).Contains(firstSubscription, StringComparison.OrdinalIgnoreCase)))
                    {
                        Emit(JsonNode.Parse(pricing.ToJsonString().Replace(firstSubscription, _subscriptions[s], StringComparison.OrdinalIgnoreCase))!.AsObject());
                    }
                }
            }
            finally
            {
                foreach (var (type, writer) in writers)
                {
                    writer.Dispose();
                    Count("arm/" + type, writer.Count);
                }
            }
        }

        /// <summary>The provider casing of a lower-case type (for ids), from the sample's own spelling.</summary>
        private string CanonicalType(string type)
        {
            var id = (string?)_sample.ArmOfType(type)[0]["id"] ?? string.Empty;
            var providers = id.LastIndexOf("/providers/", StringComparison.OrdinalIgnoreCase);
            var path = id[(providers + "/providers/".Length)..];
            var segments = path.Split('/');
            return segments.Length >= 2 ? segments[0] + "/" + segments[1] : type;
        }

        /// <summary>A copy of a template under a new id and name, with a share of its security settings flipped.</summary>
        private JsonObject Clone(JsonObject template, string id, string name, string subscription, Rng rng)
        {
            var templateId = (string)template["id"]!;
            var templateName = (string)template["name"]!;
            var text = template.ToJsonString().Replace(templateId, id, StringComparison.OrdinalIgnoreCase);
            if (templateName.Length >= 6)
            {
                // Names recur in endpoints and host names (https://<name>.openai.azure.com/).
                text = text.Replace(templateName, name, StringComparison.Ordinal);
            }

            var templateSubscription = templateId.Split('/')[2];
            text = text.Replace(templateSubscription, subscription, StringComparison.OrdinalIgnoreCase);
            var resource = JsonNode.Parse(text)!.AsObject();
            if (resource["properties"] is JsonObject properties)
            {
                foreach (var setting in SecuritySwitches)
                {
                    if (properties[setting] is JsonValue value && value.TryGetValue<bool>(out var flag) && rng.Chance(0.25))
                    {
                        properties[setting] = !flag;
                    }
                }

                if (properties["publicNetworkAccess"] is JsonValue)
                {
                    properties["publicNetworkAccess"] = rng.Chance(0.3) ? "Enabled" : "Disabled";
                }
            }

            if (resource["identity"] is JsonObject identity && identity["principalId"] is JsonValue && _managedIdentities.Length > 0)
            {
                identity["principalId"] = SpId(rng.Pick(_managedIdentities));
            }

            return resource;
        }

        /// <summary>Model deployments, content filters and diagnostic settings of AI accounts; computes and connections of workspaces.</summary>
        private IEnumerable<JsonObject> Children(string type, string parentId, Rng rng)
        {
            (string Type, int Count)[] children = type switch
            {
                "microsoft.cognitiveservices/accounts" => new[]
                {
                    ("microsoft.cognitiveservices/accounts/deployments", rng.Below(5)),
                    ("microsoft.cognitiveservices/accounts/raipolicies", rng.Chance(0.3) ? 1 : 0),
                    ("microsoft.insights/diagnosticsettings", rng.Chance(0.4) ? 1 : 0),
                },
                "microsoft.machinelearningservices/workspaces" => new[]
                {
                    ("microsoft.machinelearningservices/workspaces/computes", rng.Below(3)),
                    ("microsoft.machinelearningservices/workspaces/connections", rng.Below(3)),
                },
                "microsoft.search/searchservices" => new[] { ("microsoft.search/searchservices/privateendpointconnections", rng.Chance(0.5) ? 1 : 0) },
                _ => Array.Empty<(string, int)>(),
            };

            foreach (var (childType, count) in children)
            {
                var templates = _sample.ArmOfType(childType);
                for (var c = 0; c < count && templates.Count > 0; c++)
                {
                    var template = templates[c % templates.Count];
                    var templateId = (string)template["id"]!;
                    var templateParent = templateId[..templateId.LastIndexOf('/', templateId.LastIndexOf('/') - 1)];
                    if (childType == "microsoft.insights/diagnosticsettings")
                    {
                        templateParent = templateId[..templateId.IndexOf("/providers/Microsoft.Insights", StringComparison.OrdinalIgnoreCase)];
                    }

                    var text = template.ToJsonString().Replace(templateParent, parentId, StringComparison.OrdinalIgnoreCase);
                    var child = JsonNode.Parse(text)!.AsObject();
                    if (c >= templates.Count)
                    {
                        var childName = (string)child["name"]! + "-" + c;
                        child["id"] = (string)child["id"]! + "-" + c;
                        child["name"] = childName;
                    }

                    yield return child;
                }
            }
        }

        private JsonObject RoleAssignment(JsonObject template, string scope, string subscription, string roleDefinition, Rng rng)
        {
            var name = rng.NewGuid();
            var assignment = (JsonObject)template.DeepClone();
            assignment["id"] = scope + "/providers/Microsoft.Authorization/roleAssignments/" + name;
            assignment["name"] = name;
            assignment["subscriptionId"] = subscription;
            var properties = assignment["properties"]!.AsObject();
            properties["roleDefinitionId"] = $"/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinition}";
            properties["scope"] = scope;
            var u = rng.Unit();
            (properties["principalId"], properties["principalType"]) = u switch
            {
                < 0.45 when _managedIdentities.Length > 0 => (SpId(rng.Pick(_managedIdentities)), "ServicePrincipal"),
                < 0.55 when _agents > 0 => (AgentId(rng.Below(_agents)), "ServicePrincipal"),
                < 0.70 when _kinds.Length > 0 => (AnySp(rng), "ServicePrincipal"),
                < 0.85 => (Rng.IdOf(_seed, "group", rng.Below(500)), "Group"),
                _ => (UserId(rng.Below(_users)), "User"),
            };
            properties["description"] = null;
            return assignment;
        }

        public void WriteAzResources(string file, int count)
        {
            var rng = new Rng(_seed, "azresources");
            var mix = new[] { ("microsoft.cognitiveservices/accounts", "oai"), ("microsoft.storage/storageaccounts", "st"), ("microsoft.keyvault/vaults", "kv") };
            var subscriptions = Enumerable.Range(0, Math.Max(2, count / 400)).Select(SubscriptionId).ToList();
            using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                var (type, prefix) = mix[i % mix.Length];
                var subscription = rng.Pick(subscriptions);
                var group = $"rg-{prefix}-{rng.Below(20):D2}";
                var name = $"{prefix}{i:D7}";
                var id = $"/subscriptions/{subscription}/resourceGroups/{group}/providers/{CanonicalType(type)}/{name}";
                var arm = Clone(rng.Pick(_sample.ArmOfType(type)), id, name, subscription, rng);
                var sku = arm["sku"] as JsonObject;
                var identity = arm["identity"] as JsonObject;
                var az = new JsonObject
                {
                    ["Name"] = name,
                    ["ResourceId"] = id,
                    ["ResourceName"] = name,
                    ["ResourceType"] = CanonicalType(type),
                    ["ExtensionResourceName"] = null,
                    ["ExtensionResourceType"] = null,
                    ["Kind"] = arm["kind"]?.DeepClone(),
                    ["ResourceGroupName"] = group,
                    ["Location"] = arm["location"]?.DeepClone(),
                    ["SubscriptionId"] = subscription,
                    ["Tags"] = arm["tags"]?.DeepClone(),
                    ["Plan"] = null,
                    ["Properties"] = arm["properties"]?.DeepClone(),
                    ["CreatedTime"] = Timestamp(rng),
                    ["ChangedTime"] = Timestamp(rng),
                    ["ETag"] = null,
                    ["Sku"] = sku == null ? null : new JsonObject
                    {
                        ["Name"] = sku["name"]?.DeepClone(), ["Tier"] = sku["tier"]?.DeepClone(), ["Size"] = null, ["Family"] = null, ["Model"] = null, ["Capacity"] = sku["capacity"]?.DeepClone(),
                    },
                    ["Identity"] = identity == null ? null : new JsonObject
                    {
                        ["PrincipalId"] = identity["principalId"]?.DeepClone(), [AzTenantId] = identity["tenantId"]?.DeepClone(), ["Type"] = identity["type"]?.DeepClone(),
                        ["UserAssignedIdentities"] = identity["userAssignedIdentities"]?.DeepClone(),
                    },
                    ["ManagedBy"] = null,
                };
                az.WriteTo(w);
            }

            w.WriteEndArray();
        }

        public void WriteManifest()
        {
            using var stream = File.Create(Path.Combine(_root, "manifest.json"));
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("tenantId", TenantId);
            w.WriteString("collectedAt", "2026-11-20T09:30:00Z");
            w.WriteStartObject("tool");
            w.WriteString("name", "ZeroTrustAI.Benchmarks");
            w.WriteString("version", "1");
            w.WriteEndObject();
            w.WriteStartObject("cloud");
            w.WriteString("name", "Global");
            w.WriteEndObject();
            w.WriteString("description", $"Synthetic tenant: {_options.ServicePrincipals} service principals, {_options.Resources} Azure resources, seed {_seed}.");
            w.WriteStartObject("collections");
            foreach (var (name, count) in Counts.Where(c => c.Key.StartsWith("graph/", StringComparison.Ordinal)).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(name);
                w.WriteString("status", "complete");
                w.WriteNumber("count", count);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
