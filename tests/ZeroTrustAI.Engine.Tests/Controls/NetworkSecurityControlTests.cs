using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>NSG and Azure Firewall policy controls beyond their fixtures (ControlFixtureTests) and on the sample tenant.</summary>
public class NetworkSecurityControlTests
{
    [Fact]
    public void Idps_IsNotApplicableWithoutPremiumPolicies()
    {
        using var snapshot = new TempSnapshot().With(
            "arm/fw.json",
            """[{ "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/firewallPolicies/fw-std", "type": "Microsoft.Network/firewallPolicies", "name": "fw-std", "properties": { "sku": { "tier": "Standard" }, "threatIntelMode": "Deny" } }]""");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-NET-025", snapshot.Read()));

        Assert.Equal(ResultStatus.NotApplicable, result.Status);
        Assert.Equal("fw-std", result.ResourceName);
        Assert.Contains("Premium", result.Reason, StringComparison.Ordinal);
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
