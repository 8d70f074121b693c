using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>The Data controls ZTAI-DATA-100..149 on the sample tenant (arm/data-depth.json); fixtures: ControlFixtureTests.</summary>
public class DataDepthSampleTests
{
    private const string DataProd = "/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001/resourceGroups/rg-data-prod/providers/Microsoft.Storage/storageAccounts/";

    [Theory]
    [InlineData("ZTAI-DATA-100", "stcontosoragdocs", "stcontosogrounding")]
    [InlineData("ZTAI-DATA-101", "stcontosoragdocs", "stcontosogrounding")]
    [InlineData("ZTAI-DATA-102", "stcontosoragdocs", "stcontosogrounding")]
    [InlineData("ZTAI-DATA-103", DataProd + "stcontosoragdocs/blobServices/default", DataProd + "stcontosogrounding/blobServices/default")]
    [InlineData("ZTAI-DATA-104", DataProd + "stcontosoragdocs/blobServices/default", DataProd + "stcontosogrounding/blobServices/default")]
    [InlineData("ZTAI-DATA-105", DataProd + "stcontosoragdocs/blobServices/default", DataProd + "stcontosogrounding/blobServices/default")]
    [InlineData("ZTAI-DATA-106", "sql-contoso-legacy", "sql-contoso-orders")]
    [InlineData("ZTAI-DATA-107", "sql-contoso-legacy", "sql-contoso-orders")]
    [InlineData("ZTAI-DATA-108", "cosmos-contoso-agent-memory", "cosmos-contoso-vectors")]
    [InlineData("ZTAI-DATA-109", "kv-contoso-legacy", "kv-contoso-ai-prod")]
    [InlineData("ZTAI-DATA-110", DataProd + "stcontosoragdocs/blobServices/default", DataProd + "stcontosogrounding/blobServices/default")]
    [InlineData("ZTAI-DATA-112", "stcontosodevscratch", "stcontosoragdocs")]
    [InlineData("ZTAI-DATA-113", "sql-contoso-legacy", "sql-contoso-orders")]
    [InlineData("ZTAI-DATA-114", "stcontosoragdocs", "stcontosodevscratch")]
    [InlineData("ZTAI-DATA-120", "Contoso Copilot - PII pilot", "Contoso Copilot - Highly Confidential")]
    [InlineData("ZTAI-DATA-121", "Contoso Copilot interactions (2024)", "Contoso Copilot interactions")]
    [InlineData("ZTAI-DATA-122", "Contoso risky AI usage (contractors)", "Contoso risky AI usage")]
    public void SampleTenant_HasFailingAndPassingTarget(string controlId, string failing, string passing)
    {
        var results = Fixtures.Evaluate(controlId, Fixtures.Sample);

        Assert.Equal(ResultStatus.Fail, results.StatusOf(failing));
        Assert.Equal(ResultStatus.Pass, results.StatusOf(passing));
        Assert.DoesNotContain(results, r => r.Status == ResultStatus.Skipped || r.Status == ResultStatus.Error);
    }

    [Fact]
    public void The_sample_grounding_account_names_the_AI_wired_to_it()
    {
        var result = Fixtures.Evaluate("ZTAI-DATA-020", Fixtures.Sample).Single(r => r.ResourceName == "stcontosogrounding");

        Assert.Contains("datastore 'groundingdocs'", result.Reason);
        Assert.Contains("shared private link 'spl-grounding-blob'", result.Reason);
        Assert.Contains("srch-contoso-rag", result.Reason);
    }

    [Theory]
    [InlineData("ZTAI-DATA-120", "Get-DlpCompliancePolicy")]
    [InlineData("ZTAI-DATA-121", "Get-AppRetentionCompliancePolicy")]
    [InlineData("ZTAI-DATA-122", "Get-InsiderRiskPolicy")]
    public void Without_purview_output_the_Purview_controls_are_skipped_naming_the_cmdlet(string controlId, string cmdlet)
    {
        using var temp = new TempSnapshot().With("graph/organization.json", """{"value":[{"id":"t1","displayName":"Contoso"}]}""");

        var result = Assert.Single(Fixtures.Evaluate(controlId, temp.Read()));

        Assert.Equal(ResultStatus.Skipped, result.Status);
        Assert.Contains(cmdlet, result.Reason);
        Assert.Contains("Save-ZtaiSnapshot -IncludePurview", result.Reason);
        Assert.Contains("Connect-IPPSSession", result.Reason);
    }

    [Fact]
    public void A_collection_that_recorded_purview_as_skipped_says_why()
    {
        using var temp = new TempSnapshot()
            .With("manifest.json", """{"schemaVersion":1,"tenantId":"t1","collections":{"purview/Get-DlpCompliancePolicy":{"status":"skipped","error":"no Security & Compliance session (run Connect-IPPSSession, then Save-ZtaiSnapshot -IncludePurview)"}}}""");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-DATA-120", temp.Read()));

        Assert.Equal(ResultStatus.Skipped, result.Status);
        Assert.Contains("Connect-IPPSSession", result.Reason);
    }
}
