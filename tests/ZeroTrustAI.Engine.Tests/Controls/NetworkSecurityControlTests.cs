using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>NSG and Azure Firewall policy controls.</summary>
public class NetworkSecurityControlTests
{
    [Fact]
    public void ManagementPorts_FailsNsgsOpeningSshOrRdpToTheInternet()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-022");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-rdp-internet"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-ssh-range-prefixes"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-port-list"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-graph-wildcard-port"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-ps-jumpbox"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-deny-after-allow"));
        // Rules collected as separate securityRules resources are linked to their NSG by id.
        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-child-rules"));
        // An earlier (lower priority number) Deny for the port and every source closes it.
        Assert.Equal(ResultStatus.Pass, results.StatusOf("nsg-shadowed-by-deny"));
        // Deny, outbound, ICMP, Internet-to-443 and corporate-range rules do not count.
        Assert.Equal(ResultStatus.Pass, results.StatusOf("nsg-clean"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("nsg-ps-clean"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("nsg-no-rules"));
    }

    [Fact]
    public void ManagementPorts_EvidenceListsOnlyTheOffendingRules()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-022");

        var rdp = results.Single(r => r.ResourceName == "nsg-rdp-internet");
        var evidence = Assert.Single(rdp.Evidence);
        Assert.Equal("properties.securityRules[allow-rdp]", evidence.Path);
        Assert.Contains("\"3389\"", evidence.Actual, StringComparison.Ordinal);
        Assert.Contains("allow-rdp opens 3389 to Internet", rdp.Reason, StringComparison.Ordinal);

        var range = results.Single(r => r.ResourceName == "nsg-ssh-range-prefixes");
        Assert.Contains("opens 22 to 10.0.0.0/8,0.0.0.0/0", range.Reason, StringComparison.Ordinal);
        Assert.Contains("opens 3389", results.Single(r => r.ResourceName == "nsg-port-list").Reason, StringComparison.Ordinal);
        Assert.Contains("opens 22 and 3389", results.Single(r => r.ResourceName == "nsg-graph-wildcard-port").Reason, StringComparison.Ordinal);

        // Get-AzNetworkSecurityGroup output keeps the rules at the top level; the evidence path says so.
        var flattened = Assert.Single(results.Single(r => r.ResourceName == "nsg-ps-jumpbox").Evidence);
        Assert.Equal("SecurityRules[AllowSshAnywhere]", flattened.Path);
    }

    [Fact]
    public void AnySource_FailsWildcardSourcesButNotTheInternetTag()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-023");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-star-source"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-cidr-any-in-list"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("nsg-ps-any"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("nsg-explicit-sources"));

        var star = results.Single(r => r.ResourceName == "nsg-star-source");
        Assert.Equal("properties.securityRules[allow-app-any]", Assert.Single(star.Evidence).Path);
    }

    [Fact]
    public void ThreatIntel_FailsAlertOffAbsentAndBasic()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-024");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("fwpol-ti-alert"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("fwpol-ti-off"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("fwpol-ti-absent"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("fwpol-basic"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("fwpol-ti-deny"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("fwpol-ti-graph-deny"));
        Assert.Contains("default Alert", results.Single(r => r.ResourceName == "fwpol-ti-absent").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Idps_JudgesPremiumPoliciesOnly()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-025");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("fwpol-idps-alert"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("fwpol-idps-absent"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("fwpol-idps-pascal-off"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("fwpol-idps-deny"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("fwpol-idps-graph-lowercase"));
        // Standard and Basic have no IDPS: not applicable, with the reason.
        Assert.Equal(ResultStatus.NotApplicable, results.StatusOf("fwpol-standard"));
        Assert.Equal(ResultStatus.NotApplicable, results.StatusOf("fwpol-basic"));
        Assert.Contains("Premium", results.Single(r => r.ResourceName == "fwpol-basic").Reason, StringComparison.Ordinal);
        Assert.Equal(7, results.Count);
    }

    [Fact]
    public void Idps_IsNotApplicableWithoutPremiumPolicies()
    {
        using var snapshot = new TempSnapshot().With(
            "arm/fw.json",
            """[{ "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/firewallPolicies/fw-std", "type": "Microsoft.Network/firewallPolicies", "name": "fw-std", "properties": { "sku": { "tier": "Standard" }, "threatIntelMode": "Deny" } }]""");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-NET-025", snapshot.Read()));

        Assert.Equal(ResultStatus.NotApplicable, result.Status);
    }

    [Theory]
    [InlineData("ZTAI-NET-022", "nsg-jumpbox", "nsg-ai-prod-app")]
    [InlineData("ZTAI-NET-023", "nsg-jumpbox", "nsg-ai-prod-app")]
    [InlineData("ZTAI-NET-024", "fwpol-contoso-hub", "fwpol-contoso-dev")]
    public void SampleTenant_HasFailingAndPassingTarget(string controlId, string failing, string passing)
    {
        var results = Fixtures.Evaluate(controlId, Fixtures.Sample);

        Assert.Equal(ResultStatus.Fail, results.StatusOf(failing));
        Assert.Equal(ResultStatus.Pass, results.StatusOf(passing));
    }

    [Fact]
    public void SampleTenant_IdpsJudgesOnlyPremiumPolicies()
    {
        var results = Fixtures.Evaluate("ZTAI-NET-025", Fixtures.Sample);

        Assert.Equal(ResultStatus.Pass, results.StatusOf("fwpol-contoso-hub"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("fwpol-contoso-ai-egress"));
        Assert.Equal(ResultStatus.NotApplicable, results.StatusOf("fwpol-contoso-dev"));
    }
}
