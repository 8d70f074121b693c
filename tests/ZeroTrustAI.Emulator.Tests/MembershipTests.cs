using System.Net;
using System.Text.Json;
using ZeroTrustAI.Emulator.Graph;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Emulator.Tests;

/// <summary>
/// Memberships served from direct ones (<see cref="NestedGroups"/>): transitiveMemberOf is their closure over nested
/// groups (chains, diamonds and cycles end), memberOf expands on the principals' list with Graph's cap of 20, and a
/// group's own transitiveMemberOf is its ancestors.
/// </summary>
public sealed class MembershipTests : EmulatorTestBase, IDisposable
{
    private readonly string _served = Path.Combine(Path.GetTempPath(), "ztai-membership-" + Guid.NewGuid().ToString("N"));
    private Dictionary<string, SortedSet<string>> _expected = new();
    private List<string> _principals = new();

    protected override string Served()
    {
        foreach (var file in Directory.GetFiles(SampleTenantPath, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_served, Path.GetRelativePath(SampleTenantPath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        _principals = SnapshotItems("graph/servicePrincipals.json").Select(Id).Take(5).ToList();
        _expected = NestedGroups.Write(_served, _principals);
        return _served;
    }

    public void Dispose()
    {
        if (Directory.Exists(_served))
        {
            Directory.Delete(_served, recursive: true);
        }
    }

    [Fact]
    public async Task Transitive_groups_close_chains_diamonds_and_cycles_and_keep_directory_roles()
    {
        foreach (var principal in _principals)
        {
            var (items, _) = await GetAllPagesAsync(Graph($"/v1.0/servicePrincipals/{principal}/transitiveMemberOf?$select=id,displayName"));
            var groups = items.Where(i => i.GetProperty("@odata.type").GetString() == NestedGroups.GroupType).Select(Id).ToList();
            Assert.Equal(groups.Count, groups.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Equal(_expected[principal], new SortedSet<string>(groups, StringComparer.OrdinalIgnoreCase));
            Assert.All(items, i => Assert.False(i.TryGetProperty("memberObjectId", out _)));
        }

        var (first, _) = await GetAllPagesAsync(Graph($"/v1.0/servicePrincipals/{_principals[0]}/transitiveMemberOf"));
        Assert.Contains(first, i => i.GetProperty("@odata.type").GetString() == "#microsoft.graph.directoryRole");
    }

    [Fact]
    public async Task A_group_lists_its_ancestors_and_memberOf_expands_at_most_20_on_the_principals()
    {
        // The first principal's direct groups: A (in B in C), the crowd and a role.
        var (direct, _) = await GetAllPagesAsync(Graph($"/v1.0/servicePrincipals/{_principals[0]}/memberOf"));
        var a = direct.Select(Id).First(id => _expected[_principals[0]].Contains(id));
        var (ancestors, _) = await GetAllPagesAsync(Graph($"/v1.0/groups/{a}/transitiveMemberOf?$select=id,displayName"));
        Assert.Equal(2, ancestors.Count);
        Assert.DoesNotContain(ancestors, i => Id(i) == a);

        var (response, body) = await GetJsonAsync(Graph("/v1.0/servicePrincipals?$select=id&$expand=memberOf($select=id,displayName)&$top=100"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var wide = body.GetProperty("value").EnumerateArray().Single(p => Id(p) == _principals[3]);
        Assert.Equal(GraphResourceUnits.MaxExpandedItems, wide.GetProperty("memberOf").GetArrayLength());
    }
}
