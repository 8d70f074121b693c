using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Collection.Tests;

public class PermissionTests : CollectionTestBase
{
    private static bool ReadsConditionalAccess(Engine.Controls.Control control)
        => control.Metadata.RequiredData.Contains("graph/identity.conditionalAccess.policies", StringComparer.OrdinalIgnoreCase);

    [Fact]
    public async Task A_403_on_a_set_skips_it_and_its_controls_report_Skipped_naming_the_permission()
    {
        Emulator.Options.AddFault(FaultRule.ForbiddenGraphSet("identity.conditionalAccess.policies"));

        var result = await CollectAsync(NewFolder());

        var policies = result.Collections.Single(c => c.Name == "graph/identity.conditionalAccess.policies");
        Assert.Equal(CollectionProgressStatus.Skipped, policies.Status);
        Assert.Equal("Policy.Read.All", policies.MissingPermission);
        var results = Evaluate(result.Path, ReadsConditionalAccess);
        Assert.NotEmpty(results);
        Assert.All(results, r =>
        {
            Assert.Equal(ResultStatus.Skipped, r.Status);
            Assert.Contains("Policy.Read.All", r.Reason, StringComparison.Ordinal);
        });

        // The same controls do judge the sample itself, so Skipped here is the permission's doing.
        Assert.Contains(Evaluate(SampleTenantPath, ReadsConditionalAccess), r => r.Status == ResultStatus.Pass);
    }

    [Fact]
    public async Task A_token_without_the_permission_skips_the_set_before_any_request()
    {
        var connection = await ConnectAsync(AppToken("Application.Read.All", "Directory.Read.All", "RoleManagement.Read.Directory", "NetworkAccess.Read.All"));

        var result = await CollectAsync(NewFolder(), connection: connection);

        Assert.Equal(new[] { "graph/identity.conditionalAccess.policies" }, result.SkippedByPermissionCheck);
        Assert.Equal(0, Emulator.RequestLog.Count("GET", "/beta/identity/conditionalAccess/policies", includeBatched: true));
        Assert.All(Evaluate(result.Path, ReadsConditionalAccess), r => Assert.Contains("Policy.Read.All", r.Reason, StringComparison.Ordinal));
        Assert.Equal(CollectionProgressStatus.Complete, result.Collections.Single(c => c.Name == "graph/servicePrincipals").Status);
    }

    [Fact]
    public void The_table_matches_docs_permissions_least_privilege_names()
    {
        Assert.Equal("AgentIdentity.Read.All", PermissionCheck.RequiredPermission("servicePrincipals.microsoft.graph.agentIdentity"));
        Assert.Equal("AgentIdentityBlueprint.Read.All", PermissionCheck.RequiredPermission("applications.microsoft.graph.agentIdentityBlueprint"));
        Assert.Equal("AgentIdentityBlueprintPrincipal.Read.All", PermissionCheck.RequiredPermission("servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal"));
        Assert.Equal("Directory.Read.All", PermissionCheck.RequiredPermission("oauth2PermissionGrants"));
        Assert.Equal("RoleManagement.Read.Directory", PermissionCheck.RequiredPermission("roleManagement.directory.roleAssignments"));
        Assert.Contains("Application.Read.All", PermissionCheck.AcceptedPermissions("servicePrincipals.microsoft.graph.agentIdentity"));
        Assert.Contains("DelegatedPermissionGrant.Read.All", PermissionCheck.AcceptedPermissions("oauth2PermissionGrants"));

        // Every permission named as required appears in docs/permissions.md.
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "permissions.md"));
        foreach (var set in GraphSelectCatalog.All.Select(r => r.Set))
        {
            Assert.Contains("`" + PermissionCheck.RequiredPermission(set) + "`", doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_plan_set_is_readable_with_the_documented_app_only_permissions_and_none_with_no_claims()
    {
        var plan = CollectionPlan.ForPillars(null);
        Assert.Empty(PermissionCheck.FindUnreadable(plan, new[] { "Application.Read.All", "Directory.Read.All", "Policy.Read.All", "RoleManagement.Read.Directory", "NetworkAccess.Read.All" }));
        Assert.Empty(PermissionCheck.FindUnreadable(plan, Array.Empty<string>()));
        Assert.Contains(PermissionCheck.FindUnreadable(plan, new[] { "User.Read" }), m => m.Name == "graph/servicePrincipals" && m.Permission == "Application.Read.All");
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "ZeroTrustAI.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
