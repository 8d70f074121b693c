using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>Agent controls on snapshots their fixtures cannot show (data not collected, no agents at all); fixtures: ControlFixtureTests.</summary>
public class AgentControlTests
{
    [Fact]
    public void Tier0GraphPermissions_SkipsWhenAssignmentsWereNotCollected()
    {
        using var snapshot = new TempSnapshot()
            .With("graph/servicePrincipals.json", """[{ "id": "s1", "displayName": "agentic", "tags": ["AgenticApp"] }]""");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-001", snapshot.Read()));

        Assert.Equal(ResultStatus.Skipped, result.Status);
    }

    [Fact]
    public void Tier0GraphPermissions_FixRemovesAnInheritedPermissionFromTheBlueprintPrincipalAndADirectOneFromTheAgent()
    {
        const string RoleManagement = "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8";
        using var snapshot = new TempSnapshot()
            .With("graph/servicePrincipals.json", "[]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $$"""
                [ { "@odata.type": "#microsoft.graph.agentIdentity", "id": "a1", "displayName": "inheriting-agent", "appRoleAssignments": [],
                    "inheritedAppRoleAssignments": [ { "id": "inh-1", "principalId": "bp1", "resourceId": "g1", "appRoleId": "{{RoleManagement}}" } ] },
                  { "@odata.type": "#microsoft.graph.agentIdentity", "id": "a2", "displayName": "direct-agent",
                    "appRoleAssignments": [ { "id": "dir-1", "principalId": "a2", "resourceId": "g1", "appRoleId": "{{RoleManagement}}" } ] } ]
                """);

        var results = Fixtures.Evaluate("ZTAI-AI-001", snapshot.Read()).ToDictionary(r => r.ResourceId);

        Assert.All(results.Values, r => Assert.Equal(ResultStatus.Fail, r.Status));
        var inheriting = results["a1"].Fix!.Script;
        Assert.Contains("Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId 'bp1' -AppRoleAssignmentId 'inh-1'", inheriting, StringComparison.Ordinal);
        var direct = results["a2"].Fix!.Script;
        Assert.Contains("Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId 'a2' -AppRoleAssignmentId 'dir-1'", direct, StringComparison.Ordinal);
        Assert.DoesNotContain("'bp1'", direct, StringComparison.Ordinal);
    }

    [Fact]
    public void AgentControls_AreNotApplicableWithoutAgents()
    {
        using var snapshot = new TempSnapshot()
            .With("graph/servicePrincipals.json", """[{ "id": "s1", "displayName": "plain", "tags": [], "appRoleAssignments": [] }]""")
            .With("graph/roleManagement.directory.roleAssignments.json", "[]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", "[]");
        var read = snapshot.Read();

        foreach (var id in new[] { "ZTAI-AI-001", "ZTAI-AI-002", "ZTAI-AI-004", "ZTAI-DATA-001" })
        {
            Assert.Equal(ResultStatus.NotApplicable, Assert.Single(Fixtures.Evaluate(id, read)).Status);
        }
    }

    [Fact]
    public void RiskCa_FailsEveryAgentWithoutAnyPolicy()
    {
        using var snapshot = new TempSnapshot()
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", """[ { "@odata.type": "#microsoft.graph.agentIdentity", "id": "x1", "displayName": "lonely-agent" } ]""")
            .With("graph/identity.conditionalAccess.policies.json", """{ "value": [] }""");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-010", snapshot.Read()));

        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Contains("no enabled Conditional Access policy", result.Reason, StringComparison.Ordinal);
    }
}
