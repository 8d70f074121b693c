using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Agents;

/// <summary>Behaviour meets privilege: risk, sign-in, grants and unused privilege, always relative to collectedAt.</summary>
public class AgentActivityTests
{
    private const string AgentId = "b0000000-0000-4000-8000-000000000001";
    private const string AgentAppId = "b0000000-aaaa-4000-8000-000000000001";

    private static string Manifest(string collectedAt, string collections = "") => $$"""
        { "schemaVersion": 1, "tenantId": "t1", "collectedAt": "{{collectedAt}}", "tool": { "name": "ZeroTrustAI", "version": "0.1.0" },
          "collections": { {{collections}} } }
        """;

    private static TempSnapshot Tier0Agent(string collectedAt) => new TempSnapshot()
        .With("manifest.json", Manifest(collectedAt))
        .With("graph/servicePrincipals.json", """[ { "id": "g1", "appId": "00000003-0000-0000-c000-000000000000", "displayName": "Microsoft Graph" } ]""")
        .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $$"""
            [ { "id": "{{AgentId}}", "appId": "{{AgentAppId}}", "displayName": "agent-tier0", "accountEnabled": true,
                "appRoleAssignments": [ { "id": "as-1", "principalId": "{{AgentId}}", "resourceId": "g1", "appRoleId": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8" } ] } ]
            """);

    [Fact]
    public void A_tier0_agent_idle_for_120_days_fails_dormant_privilege_and_its_permission_is_unused()
    {
        using var temp = Tier0Agent("2026-11-20T09:30:00Z")
            .With("graph/reports.servicePrincipalSignInActivities.json", $$"""
                [ { "id": "x", "appId": "{{AgentAppId}}", "applicationAuthenticationClientSignInActivity": { "lastSignInDateTime": "2026-07-23T09:30:00Z" } } ]
                """);
        var snapshot = temp.Read();

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-201", snapshot));
        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Contains("120 days", result.Reason, StringComparison.Ordinal);
        Assert.Contains("Remove-MgServicePrincipalAppRoleAssignment", result.Fix!.Script, StringComparison.Ordinal);
        Assert.Contains("'as-1'", result.Fix.Script, StringComparison.Ordinal);

        var privilege = AgentActivityIndex.Attach(snapshot, AgentPrivilegeAnalyzer.AnalyzeAll(snapshot)).Single();
        Assert.Equal(120, privilege.Activity!.DaysSinceLastSignIn);
        var unused = Assert.Single(privilege.Activity.UnusedPrivileges(privilege));
        Assert.Equal("RoleManagement.ReadWrite.Directory", unused.Permission.Name);
        Assert.Equal(PermissionUse.NotInUse, privilege.Activity.UseOf(unused.Permission));
    }

    [Fact]
    public void The_windows_end_at_collectedAt_not_at_the_wall_clock()
    {
        // The same sign-in, collected 30 days after it: in use, and the control passes.
        using var temp = Tier0Agent("2026-08-22T09:30:00Z")
            .With("graph/reports.servicePrincipalSignInActivities.json", $$"""
                [ { "id": "x", "appId": "{{AgentAppId}}", "applicationAuthenticationClientSignInActivity": { "lastSignInDateTime": "2026-07-23T09:30:00Z" } } ]
                """);
        var snapshot = temp.Read();

        Assert.Equal(ResultStatus.Pass, Assert.Single(Fixtures.Evaluate("ZTAI-AI-201", snapshot)).Status);
        var privilege = AgentActivityIndex.Attach(snapshot, AgentPrivilegeAnalyzer.AnalyzeAll(snapshot)).Single();
        Assert.Empty(privilege.Activity!.UnusedPrivileges(privilege));
    }

    [Fact]
    public void Without_sign_in_data_use_is_unknown_and_nothing_is_called_unused()
    {
        using var temp = Tier0Agent("2026-11-20T09:30:00Z");
        var snapshot = temp.Read();
        var privilege = AgentActivityIndex.Attach(snapshot, AgentPrivilegeAnalyzer.AnalyzeAll(snapshot)).Single();

        Assert.False(privilege.Activity!.SignInDataAvailable);
        Assert.All(privilege.Permissions, p => Assert.Equal(PermissionUse.Unknown, privilege.Activity.UseOf(p)));
        Assert.Empty(privilege.Activity.UnusedPrivileges(privilege));
    }

    [Theory]
    [InlineData("atRisk", ResultStatus.Fail)]
    [InlineData("confirmedCompromised", ResultStatus.Fail)]
    [InlineData("confirmedSafe", ResultStatus.Pass)]
    [InlineData("dismissed", ResultStatus.Pass)]
    [InlineData("remediated", ResultStatus.Pass)]
    public void The_same_high_risk_agent_fails_until_its_risk_is_closed(string riskState, ResultStatus expected)
    {
        using var temp = Tier0Agent("2026-11-20T09:30:00Z")
            .With("graph/identityProtection.riskyAgents.json", $$"""
                [ { "id": "{{AgentId}}", "agentDisplayName": "agent-tier0", "riskLevel": "high", "riskState": "{{riskState}}", "riskDetail": "none" } ]
                """);

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-200", temp.Read()));
        Assert.Equal(expected, result.Status);
        if (expected == ResultStatus.Fail)
        {
            Assert.Contains("riskyAgents/dismiss", result.Fix!.Script, StringComparison.Ordinal);
            Assert.Contains(AgentId, result.Fix.Script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_empty_risk_list_never_passes_an_agent()
    {
        using var temp = Tier0Agent("2026-11-20T09:30:00Z").With("graph/identityProtection.riskyAgents.json", "[]");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-200", temp.Read()));
        Assert.Equal(ResultStatus.NotApplicable, result.Status);
        Assert.Contains("Microsoft Entra ID P2", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_sign_in_report_is_skipped_naming_the_licence()
    {
        using var temp = Tier0Agent("2026-11-20T09:30:00Z").With("graph/reports.servicePrincipalSignInActivities.json", "[]");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-201", temp.Read()));
        Assert.Equal(ResultStatus.Skipped, result.Status);
        Assert.Contains("Microsoft Entra ID P1 or P2", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_privileged_app_role_granted_3_days_before_collection_is_shown_with_who_granted_it()
    {
        using var temp = Tier0Agent("2026-11-20T09:30:00Z")
            .With("graph/auditLogs.directoryAudits.json", $$"""
                [ { "id": "a1", "activityDisplayName": "Add app role assignment to service principal", "activityDateTime": "2026-11-17T09:30:00Z", "result": "success",
                    "initiatedBy": { "user": { "id": "u1", "userPrincipalName": "mallory@contoso.example" } },
                    "targetResources": [ { "id": "g1", "type": "ServicePrincipal", "displayName": "Microsoft Graph", "modifiedProperties": [
                      { "displayName": "AppRole.Id", "newValue": "\"9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8\"" },
                      { "displayName": "AppRole.Value", "newValue": "\"RoleManagement.ReadWrite.Directory\"" },
                      { "displayName": "ServicePrincipal.ObjectID", "newValue": "\"{{AgentId}}\"" } ] } ] } ]
                """);
        var snapshot = temp.Read();

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-203", snapshot));
        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Contains("RoleManagement.ReadWrite.Directory", result.Reason, StringComparison.Ordinal);
        Assert.Contains("mallory@contoso.example", result.Reason, StringComparison.Ordinal);
        Assert.Contains("'as-1'", result.Fix!.Script, StringComparison.Ordinal);

        var grant = Assert.Single(AgentActivityIndex.For(snapshot).GrantsTo(AgentId, 30));
        Assert.Equal(TimeSpan.FromDays(3), AgentActivityIndex.For(snapshot).ReferenceTime - grant.When);
        Assert.Empty(AgentActivityIndex.For(snapshot).GrantsTo(AgentId, 2));
    }

    [Theory]
    [InlineData("ZTAI-AI-200", "graph/identityProtection.riskyAgents", "IdentityRiskyAgent.Read.All", "Microsoft Entra ID P2")]
    [InlineData("ZTAI-AI-201", "graph/reports.servicePrincipalSignInActivities", "AuditLog.Read.All", "Microsoft Entra ID P1 or P2")]
    [InlineData("ZTAI-AI-202", "graph/reports.appCredentialSignInActivities", "AuditLog.Read.All", "Microsoft Entra ID P1 or P2")]
    [InlineData("ZTAI-AI-203", "graph/auditLogs.directoryAudits", "AuditLog.Read.All and Directory.Read.All", null)]
    public void Collected_without_the_permission_the_control_is_skipped_naming_permission_and_licence(string controlId, string set, string permission, string? licence)
    {
        // What the collector records on a 403 (GraphCollector): the permission, and the licence in the reason.
        var needs = licence == null ? permission : $"{permission} and a {licence} licence";
        using var temp = Tier0Agent("2026-11-20T09:30:00Z")
            .With("manifest.json", Manifest("2026-11-20T09:30:00Z", $$"""
                "{{set}}": { "status": "skipped", "missingPermission": "{{permission}}", "error": "Microsoft Graph answered 403 Forbidden (the set needs {{needs}}): Forbidden" }
                """))
            .With("graph/applications.json", "[]");

        var result = Assert.Single(AssessmentEngine.EvaluateControl(temp.Read(), ZeroTrustAI.Engine.Controls.ControlCatalog.Find(controlId)!));
        Assert.Equal(ResultStatus.Skipped, result.Status);
        Assert.Contains(permission, result.Reason, StringComparison.Ordinal);
        if (licence != null)
        {
            Assert.Contains(licence, result.Reason, StringComparison.Ordinal);
        }
    }
}
