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
    public async Task Without_the_SharePoint_settings_permission_the_sharing_controls_are_skipped_naming_it()
    {
        Emulator.Options.AddFault(FaultRule.ForbiddenGraphSet("admin.sharepoint.settings"));

        var result = await CollectAsync(NewFolder());

        var settings = result.Collections.Single(c => c.Name == "graph/admin.sharepoint.settings");
        Assert.Equal(CollectionProgressStatus.Skipped, settings.Status);
        Assert.Equal("SharePointTenantSettings.Read.All", settings.MissingPermission);
        var results = Evaluate(result.Path, c => c.Metadata.RequiredData.Contains("graph/admin.sharepoint.settings", StringComparer.OrdinalIgnoreCase));
        Assert.Equal(new[] { "ZTAI-DATA-130", "ZTAI-DATA-131", "ZTAI-DATA-132" }, results.Select(r => r.ControlId).OrderBy(i => i, StringComparer.Ordinal));
        Assert.All(results, r =>
        {
            Assert.Equal(ResultStatus.Skipped, r.Status);
            Assert.Contains("SharePointTenantSettings.Read.All", r.Reason, StringComparison.Ordinal);
        });

        // The labels set, read with its own permission, is still judged.
        Assert.Contains(Evaluate(result.Path, c => c.Metadata.Id == "ZTAI-DATA-133"), r => r.Status == ResultStatus.Pass);
    }

    [Fact]
    public async Task A_token_without_the_permission_skips_the_set_before_any_request()
    {
        var connection = await ConnectAsync(AppToken("Application.Read.All", "Directory.Read.All", "RoleManagement.Read.Directory", "NetworkAccess.Read.All"));

        var result = await CollectAsync(NewFolder(), connection: connection);

        Assert.Contains("graph/identity.conditionalAccess.policies", result.SkippedByPermissionCheck);
        // The agent identities' custom security attributes need CustomSecAttributeAssignment.Read.All on top: skipped, as they should be.
        Assert.DoesNotContain(result.SkippedByPermissionCheck, name => (name.StartsWith("graph/servicePrincipals", StringComparison.Ordinal) || name.StartsWith("graph/applications", StringComparison.Ordinal))
            && name != "graph/" + Engine.Graph.GraphSetNames.AgentIdentityCustomSecurityAttributes);
        Assert.Contains("graph/policies.authorizationPolicy", result.SkippedByPermissionCheck);
        Assert.Equal(0, Emulator.RequestLog.Count("GET", "/beta/identity/conditionalAccess/policies", includeBatched: true));
        Assert.All(Evaluate(result.Path, ReadsConditionalAccess), r => Assert.Contains("Policy.Read.All", r.Reason, StringComparison.Ordinal));
        Assert.Equal(CollectionProgressStatus.Complete, result.Collections.Single(c => c.Name == "graph/servicePrincipals").Status);
    }

    [Fact]
    public async Task A_tenant_without_the_licence_answers_403_and_the_risk_control_is_skipped_naming_permission_and_licence()
    {
        // Graph answers 403 for ID Protection's agent APIs in a tenant without Entra ID P2.
        Emulator.Options.AddFault(FaultRule.ForbiddenGraphSet("identityProtection.riskyAgents"));

        var result = await CollectAsync(NewFolder());

        var risky = result.Collections.Single(c => c.Name == "graph/identityProtection.riskyAgents");
        Assert.Equal(CollectionProgressStatus.Skipped, risky.Status);
        Assert.Equal("IdentityRiskyAgent.Read.All", risky.MissingPermission);
        var judged = Evaluate(result.Path, c => c.Metadata.Id == "ZTAI-AI-200");
        var skipped = Assert.Single(judged);
        Assert.Equal(ResultStatus.Skipped, skipped.Status);
        Assert.Contains("IdentityRiskyAgent.Read.All", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains("Microsoft Entra ID P2", skipped.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Evaluate(result.Path, c => c.Metadata.Id.StartsWith("ZTAI-AI-20", StringComparison.Ordinal)), r => r.ControlId == "ZTAI-AI-200" && r.Status == ResultStatus.Pass);
    }

    [Fact]
    public async Task The_audit_log_is_asked_for_the_window_and_the_grant_activities_only()
    {
        var result = await CollectAsync(NewFolder());

        var audits = result.Collections.Single(c => c.Name == "graph/auditLogs.directoryAudits");
        Assert.True(audits.IsComplete, audits.ToString());
        var request = Assert.Single(Emulator.RequestLog.Entries, e => e.Route.EndsWith("/auditLogs/directoryAudits", StringComparison.Ordinal));
        var filter = Uri.UnescapeDataString(request.PathAndQuery);
        Assert.Contains("activityDateTime ge " + SampleCollectedAt.AddDays(-30).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), filter, StringComparison.Ordinal);
        Assert.Contains("activityDisplayName eq 'Add app role assignment to service principal'", filter, StringComparison.Ordinal);

        // The sample's grant 3 days before collection is collected and judged with who made it.
        var grants = Evaluate(result.Path, c => c.Metadata.Id == "ZTAI-AI-203").Where(r => r.Status == ResultStatus.Fail).ToList();
        Assert.Contains(grants, grant => grant.Reason.Contains("jordan.doe@contoso.com", StringComparison.Ordinal));
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
        Assert.Empty(PermissionCheck.FindUnreadable(plan, new[]
        {
            "Application.Read.All", "Directory.Read.All", "Policy.Read.All", "RoleManagement.Read.Directory",
            "AuditLog.Read.All", "IdentityRiskyAgent.Read.All", "IdentityRiskEvent.Read.All", "IdentityRiskyServicePrincipal.Read.All", "NetworkAccess.Read.All",
            "SharePointTenantSettings.Read.All", "InformationProtectionPolicy.Read.All",
            "CustomSecAttributeAssignment.Read.All", "AgentInstance.Read.All", "EntitlementManagement.Read.All",
        }));
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
