using System.Security.Cryptography;
using System.Text.Json;
using ZeroTrustAI.Benchmarks.Generation;
using ZeroTrustAI.Benchmarks.Measures;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Benchmarks.Tests;

public sealed class SyntheticTenantTests : IDisposable
{
    private static readonly SyntheticTenantOptions Small = new() { ServicePrincipals = 2_000, Resources = 400 };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ztai-synthetic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(SnapshotFileFormat.JsonlGz)]
    [InlineData(SnapshotFileFormat.Json)]
    public void The_same_options_write_the_same_bytes(SnapshotFileFormat format)
    {
        var options = new SyntheticTenantOptions { ServicePrincipals = Small.ServicePrincipals, Resources = Small.Resources, Format = format };
        var first = SyntheticTenant.Write(Path.Combine(_root, "a"), options);
        var second = SyntheticTenant.Write(Path.Combine(_root, "b"), options);

        Assert.Equal(Hash(first.Path), Hash(second.Path));
        Assert.Equal(first.Counts, second.Counts);

        var otherSeed = SyntheticTenant.Write(Path.Combine(_root, "c"), new SyntheticTenantOptions { ServicePrincipals = options.ServicePrincipals, Resources = options.Resources, Format = format, Seed = options.Seed + 1 });
        Assert.NotEqual(Hash(first.Path), Hash(otherSeed.Path));
    }

    [Fact]
    public void The_tenant_reads_without_issues_and_gives_the_same_results_twice()
    {
        var tenant = SyntheticTenant.Write(Path.Combine(_root, "t"), Small);

        var first = EngineRun.Run(tenant.Path, hash: true);
        var second = EngineRun.Run(tenant.Path, hash: true);

        Assert.Equal(0, first.Issues);
        Assert.Equal(first.Results, second.Results);
        Assert.Equal(first.Agents, second.Agents);
        Assert.Equal(first.ByStatus, second.ByStatus);
        Assert.Equal(first.Hash, second.Hash);
        Assert.True(first.Results > ControlCatalog.All.Count, "Most controls have many targets in a generated tenant.");

        // Real shapes: no control fails to read its data, and the settings vary so both outcomes occur.
        Assert.False(first.ByStatus.ContainsKey(nameof(ResultStatus.Error)), string.Join(", ", first.ByStatus));
        Assert.True(first.ByStatus.GetValueOrDefault(nameof(ResultStatus.Pass)) > 0);
        Assert.True(first.ByStatus.GetValueOrDefault(nameof(ResultStatus.Fail)) > 0);
    }

    [Fact]
    public void The_tenant_has_the_requested_size_in_realistic_proportions()
    {
        var tenant = SyntheticTenant.Write(Path.Combine(_root, "t"), Small);
        var servicePrincipals = tenant.Count("graph/servicePrincipals")
            + tenant.Count("graph/servicePrincipals.microsoft.graph.agentIdentity")
            + tenant.Count("graph/servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal");

        Assert.Equal(Small.ServicePrincipals, servicePrincipals);
        var assignmentsPerPrincipal = (double)tenant.Count("graph/servicePrincipals.appRoleAssignments") / servicePrincipals;
        Assert.InRange(assignmentsPerPrincipal, 8, 12);
        Assert.InRange(tenant.Count("graph/oauth2PermissionGrants") / (double)servicePrincipals, 1.5, 2.5);
        Assert.True(tenant.Count("graph/servicePrincipals.microsoft.graph.agentIdentity") > 0);
        Assert.True(tenant.Count("graph/applications.microsoft.graph.agentIdentityBlueprint") > 0);
        Assert.True(tenant.Count("graph/servicePrincipals.owners") > 0 && tenant.Count("graph/applications.owners") > 0);

        // Groups nest: members reach groups through their groups, so the transitive list is longer than the direct one.
        Assert.True(tenant.Count("graph/groups") > 0 && tenant.Count("graph/groups.memberOf") > 0);
        Assert.True(tenant.Count("graph/servicePrincipals.transitiveMemberOf") > tenant.Count("graph/servicePrincipals.memberOf"));

        // The long tail: some principal holds many times the average.
        var snapshot = SnapshotReader.Read(tenant.Path);
        var largest = snapshot.GraphItems("servicePrincipals.appRoleAssignments")
            .GroupBy(a => a.GetProperty("principalId").GetString()).Max(g => g.Count());
        Assert.True(largest > 10 * assignmentsPerPrincipal, $"The largest holder has {largest} assignments.");

        var topLevel = new[] { "accounts", "storageAccounts", "vaults", "databaseAccounts", "networkSecurityGroups" };
        foreach (var type in topLevel)
        {
            Assert.Contains(snapshot.Resources, r => r.Type.EndsWith("/" + type, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Contains(snapshot.Resources, r => r.Type.Equals("Microsoft.CognitiveServices/accounts/deployments", StringComparison.OrdinalIgnoreCase));
        Assert.True(snapshot.Resources.Count(r => r.Type.Equals("Microsoft.Authorization/roleAssignments", StringComparison.OrdinalIgnoreCase)) > Small.Resources);
        Assert.NotEmpty(AgentPrivilegeAnalyzer.AnalyzeAll(snapshot));
    }

    [Fact]
    public void Generated_objects_have_the_properties_of_the_sample_objects()
    {
        var tenant = SyntheticTenant.Write(Path.Combine(_root, "t"), new SyntheticTenantOptions { ServicePrincipals = Small.ServicePrincipals, Resources = Small.Resources, Format = SnapshotFileFormat.Json });
        var sample = SnapshotReader.Read(SampleTemplates.DefaultPath);
        var generated = SnapshotReader.Read(tenant.Path);

        foreach (var set in sample.GraphSets)
        {
            var known = set.Items.SelectMany(i => i.EnumerateObject().Select(p => p.Name)).ToHashSet(StringComparer.Ordinal);
            var items = generated.GraphItems(set.Name);
            Assert.True(items.Count >= set.Items.Count, set.Name);
            Assert.All(items, item => Assert.Subset(known, item.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)));
        }

        var sampleTypes = sample.Resources.Select(r => r.Type).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(generated.Resources, r => Assert.Contains(r.Type, sampleTypes));
    }

    [Fact]
    public void The_Get_AzResource_shaped_input_is_deterministic_and_reads_as_Azure_resources()
    {
        var first = Path.Combine(_root, "a", "arm", "azresources.json");
        var second = Path.Combine(_root, "b", "arm", "azresources.json");
        SyntheticTenant.WriteAzResources(first, 300);
        SyntheticTenant.WriteAzResources(second, 300);

        Assert.Equal(SHA256.HashData(File.ReadAllBytes(first)), SHA256.HashData(File.ReadAllBytes(second)));
        using (var document = JsonDocument.Parse(File.ReadAllBytes(first)))
        {
            Assert.All(document.RootElement.EnumerateArray(), r => Assert.True(r.TryGetProperty("ResourceId", out _) && r.TryGetProperty("Properties", out _)));
        }

        var snapshot = SnapshotReader.Read(Path.Combine(_root, "a"));
        Assert.Empty(snapshot.Issues);
        Assert.Equal(300, snapshot.Resources.Count);
        Assert.Equal(3, snapshot.Resources.Select(r => r.Type).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_parse_baseline_reads_every_file_of_the_snapshot()
    {
        var tenant = SyntheticTenant.Write(Path.Combine(_root, "t"), Small);

        var parsed = JsonParseBaseline.ParseSnapshot(tenant.Path);

        Assert.Equal(tenant.Files, parsed.Files);
        Assert.True(parsed.Tokens > tenant.Counts.Values.Sum(), "Every object is at least one token.");
    }

    private static string Hash(string folder)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file)));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
