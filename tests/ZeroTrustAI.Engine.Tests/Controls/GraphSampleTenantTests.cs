using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>The bundled Contoso sample shows every Graph control both passing and failing, on the objects named here.</summary>
public class GraphSampleTenantTests
{

    [Theory]
    [InlineData("ZTAI-AI-001", "Contoso Ops Automation Agent", "Contoso HR Onboarding Agent")]
    [InlineData("ZTAI-AI-002", "Contoso IT Helpdesk Agent", "Contoso Research Agent")]
    [InlineData("ZTAI-AI-003", "Contoso Entra Provisioning", "Contoso Usage Reporting")]
    [InlineData("ZTAI-AI-004", "Contoso Finance Reporting Agent", "Contoso Mail Triage Agent")]
    [InlineData("ZTAI-AI-005", "Contoso Support Copilot", "Contoso Knowledge Bot")]
    [InlineData("ZTAI-AI-006", "Contoso Sales Assistant", "Contoso Agent Platform Blueprint")]
    [InlineData("ZTAI-AI-007", "Contoso Support Copilot → Microsoft Graph", "Contoso Knowledge Bot → Microsoft Graph")]
    [InlineData("ZTAI-AI-008", "Office 365 Exchange Online", "Office 365 SharePoint Online")]
    [InlineData("ZTAI-AI-009", "Contoso Benefits Bot (Copilot Studio)", "Contoso Support Copilot")]
    [InlineData("ZTAI-AI-010", "Contoso Ops Automation Agent", "Contoso HR Onboarding Agent")]
    [InlineData("ZTAI-DATA-001", "Contoso Sales Assistant", "Contoso Knowledge Bot")]
    public void SampleTenant_HasNamedFailingAndPassingTargets(string controlId, string failing, string passing)
    {
        var results = Fixtures.Evaluate(controlId, Fixtures.Sample);

        Assert.Equal(ResultStatus.Fail, results.StatusOf(failing));
        Assert.Equal(ResultStatus.Pass, results.StatusOf(passing));
    }

    [Fact]
    public void SampleTenant_ReadOnlyBulkDataIsAWarning()
    {
        var results = Fixtures.Evaluate("ZTAI-DATA-001", Fixtures.Sample);

        Assert.Equal(ResultStatus.Warning, results.StatusOf("Contoso Mail Triage Agent"));
        Assert.Equal(ResultStatus.Warning, results.StatusOf("srch-contoso-rag"));
    }
}
