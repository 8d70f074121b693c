using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>Storage account and Cosmos DB controls on the sample tenant; fixtures: ControlFixtureTests.</summary>
public class StorageControlTests
{
    [Theory]
    [InlineData("ZTAI-DATA-020", "stcontosoaitraining", "stcontosoragdocs")]
    [InlineData("ZTAI-DATA-021", "stcontosoaitraining", "stcontosoragdocs")]
    [InlineData("ZTAI-DATA-022", "stcontosodevscratch", "stcontosoragdocs")]
    [InlineData("ZTAI-DATA-023", "stcontosodevscratch", "stcontosoragdocs")]
    [InlineData("ZTAI-DATA-024", "stcontosoaitraining", "stcontosoragdocs")]
    [InlineData("ZTAI-NET-020", "stcontosodevscratch", "stcontosoragdocs")]
    [InlineData("ZTAI-DATA-027", "cosmos-contoso-dev-vectors", "cosmos-contoso-vectors")]
    [InlineData("ZTAI-NET-026", "cosmos-contoso-dev-vectors", "cosmos-contoso-vectors")]
    public void SampleTenant_HasFailingAndPassingStore(string controlId, string failing, string passing)
    {
        var results = Fixtures.Evaluate(controlId, Fixtures.Sample);

        Assert.Equal(ResultStatus.Fail, results.StatusOf(failing));
        Assert.Equal(ResultStatus.Pass, results.StatusOf(passing));
    }
}
