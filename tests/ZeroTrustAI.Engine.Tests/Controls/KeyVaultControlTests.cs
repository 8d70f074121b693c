using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

public class KeyVaultControlTests
{
    [Fact]
    public void Rbac_FailsAccessPolicyVaults()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-025");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("kv-rbac-off"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("kv-rbac-absent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("kv-rbac-on"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("kv-rbac-graph"));

        var absent = results.Single(r => r.ResourceName == "kv-rbac-absent");
        Assert.Contains("the default is vault access policies", absent.Reason, StringComparison.Ordinal);
        Assert.Null(Assert.Single(absent.Evidence).Actual);
    }

    [Fact]
    public void PurgeProtection_FailsWithoutPurgeProtectionOrSoftDelete()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-026");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("kv-purge-absent"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("kv-purge-false"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("kv-softdelete-off"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("kv-purge-on"));
        // Soft delete is on by default, so only an explicit false fails it.
        Assert.Equal(ResultStatus.Pass, results.StatusOf("kv-purge-softdelete-default"));

        var softDeleteOff = results.Single(r => r.ResourceName == "kv-softdelete-off");
        Assert.Contains("soft delete", softDeleteOff.Reason, StringComparison.Ordinal);
        Assert.Equal("false", softDeleteOff.Evidence.Single(e => e.Path == "properties.enableSoftDelete").Actual);
    }

    [Fact]
    public void Network_FailsOpenAndUnstatedVaults()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-021");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("kv-net-open"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("kv-net-absent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("kv-net-deny"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("kv-net-disabled"));
        Assert.Contains("absent", results.Single(r => r.ResourceName == "kv-net-absent").Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ZTAI-DATA-025")]
    [InlineData("ZTAI-DATA-026")]
    [InlineData("ZTAI-NET-021")]
    public void SampleTenant_LegacyVaultFailsProductionVaultPasses(string controlId)
    {
        var results = Fixtures.Evaluate(controlId, Fixtures.Sample);

        Assert.Equal(ResultStatus.Fail, results.StatusOf("kv-contoso-legacy"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("kv-contoso-ai-prod"));
    }
}
