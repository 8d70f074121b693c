using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

public class AgentControlTests
{
    [Fact]
    public void Tier0GraphPermissions_FailsDoubleAgents_InlineSeparateAndFallbackTable()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-001");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("double-agent"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("tagged-app-tier0"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("fallback-table-agent"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("inherits-tier0-agent")); // inheritedAppRoleAssignments from its blueprint
        Assert.Equal(ResultStatus.Pass, results.StatusOf("clean-agent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("no-permissions-agent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("tagged-app-uppercase-clean"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-fixture"));
        Assert.DoesNotContain(results, r => r.ResourceName == "not-an-agent-tier0");

        var doubleAgent = results.Single(r => r.ResourceName == "double-agent");
        Assert.Contains("RoleManagement.ReadWrite.Directory", doubleAgent.Reason, StringComparison.Ordinal);
        Assert.Contains("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", Assert.Single(doubleAgent.Evidence).Actual, StringComparison.Ordinal);
        Assert.Contains("Application.ReadWrite.All", results.Single(r => r.ResourceName == "fallback-table-agent").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tier0GraphPermissions_SkipsWhenAssignmentsWereNotCollected()
    {
        using var snapshot = new TempSnapshot()
            .With("graph/servicePrincipals.json", """[{ "id": "s1", "displayName": "agentic", "tags": ["AgenticApp"] }]""");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-001", snapshot.Read()));

        Assert.Equal(ResultStatus.Skipped, result.Status);
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
    public void PrivilegedDirectoryRoles_FailsAgentsInPrivilegedRoles_DefinitionFlagWins()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-002");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("agent-global-admin"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("agent-custom-privileged-role"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("copilot-studio-bot")); // eligible, built-in table
        Assert.Equal(ResultStatus.Pass, results.StatusOf("agent-directory-readers"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("agent-no-roles"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("agent-tenant-says-not-privileged"));
        Assert.DoesNotContain(results, r => r.ResourceName == "plain-app-in-global-admin");
        Assert.Contains("(eligible)", results.Single(r => r.ResourceName == "copilot-studio-bot").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkloadIdentityRoles_FailsPrivilegedServicePrincipalsAndManagedIdentities()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-003");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("provisioning-app-admin"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("automation-mi-pra")); // upper-case role id
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sp-only-in-expanded-principal"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("reporting-reports-reader"));
        Assert.DoesNotContain(results, r => r.ResourceName == "Adele Vance");
        Assert.DoesNotContain(results, r => r.ResourceName == "app-without-roles");
    }

    [Fact]
    public void OwnersAndSponsors_FailsUnownedUnsponsoredAndDisabledAgents()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-004");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("agent-owned-sponsored"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("agent-no-sponsor"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("agent-sponsors-not-expanded"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("agent-disabled-leftover"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("agent-no-owner"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("blueprint-principal-owned-via-application"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("blueprint-principal-unowned"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("blueprint-sponsored"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("blueprint-unsponsored"));
        Assert.Contains("disabled", results.Single(r => r.ResourceName == "agent-disabled-leftover").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientSecrets_FailsAiAppsAndBlueprintsWithSecrets()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-005");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("ai-app-with-secret"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("blueprint-with-secret"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ai-app-credentials-not-collected"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("ai-app-certificate-only"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("blueprint-federated-only"));
        Assert.DoesNotContain(results, r => r.ResourceName == "ordinary-app-with-secret");
        Assert.Null(results.Single(r => r.ResourceName == "ai-app-credentials-not-collected").Evidence[0].Actual);
    }

    [Fact]
    public void CredentialLifetime_FailsCredentialsValidForMoreThan180Days()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-006");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("ai-app-with-secret"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("blueprint-long-lived-certificate")); // 182 days
        Assert.Equal(ResultStatus.Fail, results.StatusOf("blueprint-certificate-without-end"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("ai-app-certificate-only")); // 180 days exactly
        Assert.Equal(ResultStatus.Pass, results.StatusOf("blueprint-federated-only"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("ai-app-credentials-not-collected"));
        Assert.DoesNotContain(results, r => r.ResourceName == "ordinary-app-with-secret");
    }

    [Fact]
    public void TenantWideConsent_FailsAllPrincipalsGrantsWithHighRiskScopes()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-007");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("grant-support"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("grant-admin-tool")); // lower-case consentType and scope
        Assert.Equal(ResultStatus.Pass, results.StatusOf("grant-knowledge"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("grant-pascal-case")); // Get-MgOauth2PermissionGrant | ConvertTo-Json shape
        Assert.DoesNotContain(results, r => r.ResourceId == "grant-single-user");
        var support = results.Single(r => r.ResourceId == "grant-support");
        Assert.Equal("support-copilot → Microsoft Graph", support.ResourceName);
        Assert.Contains("Mail.ReadWrite, Files.ReadWrite.All", support.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MicrosoftServicePrincipalCredentials_FailsFirstPartyAppsWithAddedCredentials()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-008");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("Office 365 Exchange Online"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("Microsoft Graph")); // keyCredentials absent, secret present
        Assert.Equal(ResultStatus.Fail, results.StatusOf("Microsoft Azure CLI")); // collections absent
        Assert.Equal(ResultStatus.Pass, results.StatusOf("Office 365 SharePoint Online")); // upper-case owner tenant
        Assert.DoesNotContain(results, r => r.ResourceName == "contoso-app-with-secret");
        Assert.DoesNotContain(results, r => r.ResourceName == "managed-identity-with-platform-cert");
    }

    [Fact]
    public void BulkDataPermissions_FailsWritersWarnsReaders()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-001");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("sales-assistant-writes-files"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("scheduler-writes-calendars")); // family rule, not in the table
        Assert.Equal(ResultStatus.Warning, results.StatusOf("mail-triage-reads-mail"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("knowledge-bot-sites-selected"));
        Assert.DoesNotContain(results, r => r.ResourceName == "non-agent-mail-send");
        Assert.DoesNotContain("User.Read.All", results.Single(r => r.ResourceName == "sales-assistant-writes-files").Reason, StringComparison.Ordinal);
    }
}

public class AiAppOwnershipTests
{
    [Fact]
    public void Ownership_FailsUnownedGuestOwnedAndOpenAiApps()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-009");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("ai-app-owned-assigned"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("ai-app-owned-through-registration"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ai-app-open-to-everyone"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ai-app-guest-owner"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ai-app-unowned"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ai-app-assignment-absent"));
        Assert.DoesNotContain(results, r => r.ResourceName == "ordinary-app-unowned");
        Assert.Contains("#EXT#", results.Single(r => r.ResourceName == "ai-app-guest-owner").Reason, StringComparison.Ordinal);
    }
}

public class AgentRiskConditionalAccessTests
{
    [Fact]
    public void RiskCa_FailsExcludedAndReportOnlyCoveredAgents()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-010");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("agent-covered-by-all")); // "Enabled", "Block", "medium,high"
        Assert.Equal(ResultStatus.Fail, results.StatusOf("agent-excluded"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("agent-only-report-only"));
        Assert.Contains("excluded", results.Single(r => r.ResourceName == "agent-excluded").Reason, StringComparison.Ordinal);
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
