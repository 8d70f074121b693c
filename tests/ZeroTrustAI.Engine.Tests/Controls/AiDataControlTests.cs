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

    [Fact]
    public void WorkspaceCmk_FailsHubsAndWorkspacesWithMicrosoftManagedKeys()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-012");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("hub-cmk"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("mlw-cmk-lowercase"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("hub-microsoft-managed"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("mlw-property-absent"));
        Assert.Equal(ResultStatus.NotApplicable, results.StatusOf("proj-inherits"));
    }

    [Fact]
    public void SearchCmk_FailsServicesNotEnforcingOrNotCompliant()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-013");

        Assert.Equal(ResultStatus.Pass, results.StatusOf("srch-cmk-enforced"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-cmk-noncompliant"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-cmk-unspecified"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("srch-property-absent"));
    }
}
