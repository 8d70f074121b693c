using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>Storage account controls (and Cosmos DB, the other AI data store) over their fixtures.</summary>
public class StorageControlTests
{
    [Fact]
    public void SharedKey_FailsAccountsThatAllowOrDoNotStateIt()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-020");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("stsharedkeyon"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("stsharedkeyabsent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stsharedkeyoff"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stsharedkeypascaloff"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stsharedkeygraphoff"));
        Assert.Equal(5, results.Count);

        var absent = results.Single(r => r.ResourceName == "stsharedkeyabsent");
        var evidence = Assert.Single(absent.Evidence);
        Assert.Equal("properties.allowSharedKeyAccess", evidence.Path);
        Assert.Null(evidence.Actual);
        Assert.Contains("absent", absent.Reason, StringComparison.Ordinal);
        Assert.Equal("true", results.Single(r => r.ResourceName == "stsharedkeyon").Evidence[0].Actual);
    }

    [Fact]
    public void AnonymousBlob_FailsPublicAndAbsentSetting()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-021");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("stblobpublic"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("stblobabsent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stblobprivate"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stblobpascalprivate"));
        Assert.Contains("older", results.Single(r => r.ResourceName == "stblobabsent").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SecureTransport_FailsOldTlsHttpAndAbsentSettings()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-022");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("sttls10"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sthttpallowed"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sttlsabsent"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("sthttpsabsent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("sttls12https"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("sttls13https"));

        var old = results.Single(r => r.ResourceName == "sttls10");
        Assert.Contains("TLS1_0", old.Reason, StringComparison.Ordinal);
        Assert.Equal(new[] { "properties.minimumTlsVersion", "properties.supportsHttpsTrafficOnly" }, old.Evidence.Select(e => e.Path));
        Assert.Equal("\"TLS1_0\"", old.Evidence[0].Actual);
    }

    [Fact]
    public void CrossTenantReplication_FailsAllowedAndAbsent()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-023");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("stxtenanton"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("stxtenantabsent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stxtenantoff"));
    }

    [Fact]
    public void CustomerManagedKey_AcceptsBothKeyVaultSpellings()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-024");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("stmicrosoftkeys"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("stencryptionabsent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stcmkkeyvault"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stcmkcapitalv"));
        Assert.Equal("\"Microsoft.Storage\"", results.Single(r => r.ResourceName == "stmicrosoftkeys").Evidence[0].Actual);
    }

    [Fact]
    public void StorageNetwork_FailsOpenAndUnstatedAccess()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-020");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("stnetopen"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("stnetabsent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stnetfirewall"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stnetprivate"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("stnetpascaldeny"));

        var open = results.Single(r => r.ResourceName == "stnetopen");
        Assert.Equal(new[] { "properties.publicNetworkAccess", "properties.networkAcls.defaultAction" }, open.Evidence.Select(e => e.Path));
        Assert.Equal("\"Allow\"", open.Evidence[1].Actual);
    }

    [Fact]
    public void CosmosLocalAuth_FailsKeysOnAndAbsent()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-DATA-027");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("cosmos-keys-on"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("cosmos-absent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("cosmos-entra-only"));
    }

    [Fact]
    public void CosmosNetwork_FailsPublicAndAbsentAccess()
    {
        var results = Fixtures.EvaluateFixture("ZTAI-NET-026");

        Assert.Equal(ResultStatus.Fail, results.StatusOf("cosmos-public"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("cosmos-network-absent"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("cosmos-private"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("cosmos-graph-lowercase"));
    }

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
