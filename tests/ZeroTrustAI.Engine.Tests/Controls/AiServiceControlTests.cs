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
        var evidence = Assert.Single(results.Single(r => r.ResourceName == "oai-keys-enabled").Evidence);
        Assert.Equal("properties.disableLocalAuth", evidence.Path);
        Assert.Equal("false", evidence.Actual);
    }
}
