using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

public class AiDataControlTests
{
    [Fact]
    public void AiServiceCmk_FailsAccountsWithMicrosoftManagedKeys()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-010");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-cmk"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("oai-cmk-lowercase"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("oai-microsoft-managed"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("ais-property-absent"));
    }

    [Fact]
    public void SearchExfiltration_FailsServicesThatDoNotBlockAll()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-011");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-block-all"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-block-all-lowercase"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-empty-list"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-property-absent"));
    }
}
