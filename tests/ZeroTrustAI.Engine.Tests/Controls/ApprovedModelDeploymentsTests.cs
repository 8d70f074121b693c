using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>ZTAI-AI-324 judges deployments only against the user's allow list: without one it passes nothing.</summary>
public class ApprovedModelDeploymentsTests
{
    private static readonly Control Control = ControlCatalog.Find("ZTAI-AI-324")!;

    [Fact]
    public void WithoutAnAllowList_TheTenantIsNotApplicable_WithHowToSetIt_AndNothingPasses()
    {
        var results = AssessmentEngine.EvaluateControl(Fixtures.Sample, Control);

        var result = Assert.Single(results);
        Assert.Equal(ResultStatus.NotApplicable, result.Status);
        Assert.Equal("tenant", result.ResourceType);
        Assert.Contains("controls.ZTAI-AI-324.parameters.approvedModels", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAllowListFromTheSettingsFile_JudgesEveryDeployment()
    {
        var settings = SettingsReader.Parse("""{ "controls": { "ZTAI-AI-324": { "parameters": { "approvedModels": ["gpt-4.1-mini"] } } } }""", "settings.json");
        var results = AssessmentEngine.EvaluateControl(Fixtures.Sample, Control, settings, DateTimeOffset.UtcNow);

        Assert.Equal(ResultStatus.Pass, results.Single(r => r.ResourceName == "gpt-4.1-mini").Status);
        Assert.Equal(ResultStatus.Fail, results.Single(r => r.ResourceName == "gpt-4o").Status);
        Assert.DoesNotContain(results, r => r.ResourceType == "tenant");
    }
}
