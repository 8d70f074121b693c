using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

public class AiNetworkControlTests
{
    [Fact]
    public void AiServicePublicAccess_FailsOpenAccounts()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-001");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-open"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ais-property-absent"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-pascal-open"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-public-disabled"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-firewall-deny"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-lowercase-disabled"));
        Assert.Contains("Enabled by default", results.Single(r => r.ResourceName == "ais-property-absent").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AiServicePrivateEndpoint_FailsAccountsWithoutApprovedConnection()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-002");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-pe-approved"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("ais-pe-child"));
        var pending = results.Single(r => r.ResourceName == "oai-pe-pending");
        Assert.Equal(ResultStatus.Fail, pending.Status);
        Assert.Contains("Pending", pending.Reason, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-no-pe"));
    }

    [Fact]
    public void SearchPublicAccess_FailsPublicServices()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-003");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-public"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-property-absent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-private"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-pascal-disabled"));
        Assert.Equal("\"enabled\"", Assert.Single(results.Single(r => r.ResourceName == "srch-public").Evidence).Actual);
    }

    [Fact]
    public void SearchPrivateEndpoint_FailsServicesWithoutApprovedConnection()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-004");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-pe-approved"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-pe-child"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-pe-rejected"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-no-pe"));
    }

    [Fact]
    public void WorkspacePublicAccess_FailsPublicHubsAndWorkspaces()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-005");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("hub-private"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("hub-public"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("mlw-property-absent"));
        var behindVnet = results.Single(r => r.ResourceName == "mlw-behind-vnet");
        Assert.Equal(ResultStatus.Fail, behindVnet.Status);
        Assert.Contains("allowPublicAccessWhenBehindVnet", behindVnet.Reason, StringComparison.Ordinal);

        // Projects inherit the hub's network; they are judged through the hub.
        Assert.DoesNotContain(results, r => r.ResourceName == "proj-inherits");
    }

    [Fact]
    public void ManagedNetwork_FailsHubsThatAllowInternetOutbound()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-006");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("hub-approved-only"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("hub-lowercase"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("hub-internet-outbound"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("mlw-no-managed-network"));
        Assert.Equal(ResultStatus.NotApplicable, results.StatusOf("proj-inherits"));
    }

    [Fact]
    public void WorkspacePrivateEndpoint_FailsHubsAndWorkspacesWithoutApprovedConnection()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-007");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("hub-pe-approved"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("mlw-pe-child"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("hub-pe-pending"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("mlw-no-pe"));
        Assert.DoesNotContain(results, r => r.ResourceName == "proj-inherits");
    }
}
