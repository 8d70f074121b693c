using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>Key Vault controls on the sample tenant; fixtures: ControlFixtureTests.</summary>
public class KeyVaultControlTests
{
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
