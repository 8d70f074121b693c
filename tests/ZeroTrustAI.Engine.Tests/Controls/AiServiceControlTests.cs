using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

public class AiServiceControlTests
{
    [Fact]
    public void LocalAuth_FailsAccountThatAcceptsKeys()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-020");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-keys-enabled"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-property-absent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-entra-only"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("ais-resource-graph-row"));
        var evidence = Assert.Single(results.Single(r => r.ResourceName == "oai-keys-enabled").Evidence);
        Assert.Equal("properties.disableLocalAuth", evidence.Path);
        Assert.Equal("false", evidence.Actual);
    }

    [Fact]
    public void ManagedIdentity_FailsAccountsWithoutIdentity()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-021");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-identity-none"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-identity-absent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-system-mi"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("ais-user-mi"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-both-no-space"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("cs-pascal-mi"));
        var absent = results.Single(r => r.ResourceName == "oai-identity-absent");
        Assert.Null(Assert.Single(absent.Evidence).Actual);
        Assert.Contains("absent", absent.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Jailbreak_FailsDeploymentsWhosePolicyDoesNotBlock()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-022");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-annotate"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-harm-only"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-disabled"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-wrong-source"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-no-policy"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-strict"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-lowercase"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-separate"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-resource-graph"));
        Assert.Equal(12, results.Count);

        var annotate = results.Single(r => r.ResourceName == "dep-annotate");
        Assert.Contains("not blocking", annotate.Reason, StringComparison.Ordinal);
        Assert.Contains(annotate.Evidence, e => e.Actual != null && e.Actual.Contains("\"blocking\": false", StringComparison.Ordinal));
    }

    [Fact]
    public void Jailbreak_WarnsOnBuiltInPolicyNotInSnapshot_AndJudgesItWhenPresent()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-022");

        var builtIn = results.Single(r => r.ResourceName == "dep-builtin");
        Assert.Equal(ResultStatus.Warning, builtIn.Status);
        Assert.Contains("Microsoft.DefaultV2", builtIn.Reason, StringComparison.Ordinal);
        Assert.Contains("not expanded", builtIn.Reason, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Warning, results.StatusOf("dep-policy-not-collected"));

        // The same built-in name on another account, expanded in the snapshot, is judged on its filters.
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-default-expanded"));
    }

    [Fact]
    public void IndirectAttack_FailsDeploymentsWithoutBlockingFilter()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-023");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-annotate"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-harm-only"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-wrong-source"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-default-expanded"));
        Assert.Equal(ResultStatus.Warning, results.StatusOf("dep-builtin"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-strict"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-lowercase"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-separate"));
    }

    [Fact]
    public void DefenderPlan_FailsSubscriptionsWithAiAccountsButNoStandardPlan()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-024");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("sub-ai-standard"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sub-ai-free"));
        var missing = results.Single(r => r.ResourceName == "sub-ai-no-pricing");
        Assert.Equal(ResultStatus.Fail, missing.Status);
        Assert.Contains("not enabled", missing.Reason, StringComparison.Ordinal);
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000003", missing.ResourceId);

        // A subscription with only a non-generative (TextAnalytics) account is out of scope.
        Assert.DoesNotContain(results, r => r.ResourceName == "sub-no-generative");
        Assert.Equal(3, results.Count);
    }

    [Fact]
    public void DefenderPromptEvidence_FailsWhenExtensionIsOffOrPlanIsFree()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-025");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("sub-evidence-on"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sub-evidence-off"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sub-no-extension"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sub-plan-free"));
        Assert.Equal("\"False\"", results.Single(r => r.ResourceName == "sub-evidence-off").Evidence[0].Actual);
    }

    [Fact]
    public void SearchLocalAuth_FailsServicesThatAcceptKeys()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-026");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-keys-enabled"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-property-absent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-entra-only"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-pascal"));
        Assert.Contains("default", results.Single(r => r.ResourceName == "srch-property-absent").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AiIdentityRoles_FailsIdentitiesHoldingOwnerContributorOrUserAccessAdministrator()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-027");

        var owner = results.Single(r => r.ResourceName == "oai-owner");
        Assert.Equal(ResultStatus.Fail, owner.Status);
        Assert.Contains("Owner at /subscriptions/00000000-0000-0000-0000-000000000001", owner.Reason, StringComparison.Ordinal);
        Assert.Single(owner.Evidence);

        Assert.Equal(ResultStatus.Fail, results.StatusOf("hub-contributor"));
        var project = results.Single(r => r.ResourceName == "proj-user-assigned");
        Assert.Equal(ResultStatus.Fail, project.Status);
        Assert.Contains("User Access Administrator", project.Reason, StringComparison.Ordinal);

        var reader = results.Single(r => r.ResourceName == "srch-data-reader");
        Assert.Equal(ResultStatus.Pass, reader.Status);
        Assert.Contains("1407120a-92aa-4202-b7e9-c0e197c71c8f", Assert.Single(reader.Evidence).Actual, StringComparison.Ordinal);
        Assert.DoesNotContain(results, r => r.ResourceName == "oai-no-identity");
    }

    [Fact]
    public void DiagnosticLogs_FailsResourcesWithoutWorkingSetting()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-028");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-logs-to-law"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-logs-to-storage"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-logs-disabled"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ais-no-setting"));
        var noDestination = results.Single(r => r.ResourceName == "srch-no-destination");
        Assert.Equal(ResultStatus.Fail, noDestination.Status);
        Assert.Contains("no destination", noDestination.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OutboundRestriction_FailsAccountsThatMayCallAnyHost()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-029");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-unrestricted"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ais-property-absent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-restricted"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("ais-restricted-empty-list"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-pascal-restricted"));
        Assert.DoesNotContain(results, r => r.ResourceName == "lang-not-generative");
    }

    [Fact]
    public void DefenderCspm_FailsSubscriptionsWithoutStandardCloudPosture()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-030");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("sub-cspm-standard"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sub-cspm-free"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sub-no-pricing"));
        Assert.DoesNotContain(results, r => r.ResourceName == "sub-disabled");
    }

    [Fact]
    public void HarmFilters_FailDeploymentsWithWeakOrMissingFilters()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-031");

        var highViolence = results.Single(r => r.ResourceName == "dep-high-violence");
        Assert.Equal(ResultStatus.Fail, highViolence.Status);
        Assert.Contains("Violence/Completion threshold High", highViolence.Reason, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-sexual-annotate"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-prompt-only"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("dep-no-policy"));
        Assert.Equal(ResultStatus.Warning, results.StatusOf("dep-builtin"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-medium"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-low"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("dep-lowercase"));
    }

    [Fact]
    public void FoundryConnections_FailConnectionsThatStoreSecrets()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-032");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("conn-search-apikey"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("conn-blob-sas"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("conn-auth-absent"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("conn-project-apikey"));
        Assert.Equal(ResultStatus.Warning, results.StatusOf("conn-public-none"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("conn-oai-aad"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("conn-storage-mi"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("conn-project-aad-lowercase"));
    }

    [Fact]
    public void ComputeLocalAuth_FailsComputeThatAllowsLocalAccounts()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-AI-033");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("ci-entra-only"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("cpu-cluster-local-auth"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ci-property-absent"));
    }
}
