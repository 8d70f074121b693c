using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>The bundled Contoso tenant shows every AI services control both passing and failing.</summary>
public class AiSampleTenantTests
{

    [Theory]
    [InlineData("ZTAI-AI-020", "oai-contoso-prod", "ais-contoso-dev")]
    [InlineData("ZTAI-AI-021", "oai-contoso-prod", "ais-contoso-dev")]
    [InlineData("ZTAI-AI-022", "gpt-4o", "gpt-4.1-mini")]
    [InlineData("ZTAI-AI-023", "gpt-4o", "gpt-4.1-mini")]
    [InlineData("ZTAI-AI-024", "Contoso AI Production", "Contoso AI Development")]
    [InlineData("ZTAI-AI-025", "Contoso AI Production", "Contoso AI Development")]
    [InlineData("ZTAI-AI-026", "srch-contoso-rag", "srch-contoso-dev")]
    [InlineData("ZTAI-AI-027", "oai-contoso-prod", "hub-contoso-ai")]
    [InlineData("ZTAI-AI-028", "oai-contoso-prod", "ais-contoso-dev")]
    [InlineData("ZTAI-AI-029", "oai-contoso-prod", "ais-contoso-dev")]
    [InlineData("ZTAI-AI-030", "Contoso AI Production", "Contoso AI Development")]
    [InlineData("ZTAI-AI-031", "gpt-4o", "gpt-4.1-mini")]
    [InlineData("ZTAI-AI-032", "conn-oai-contoso-prod", "conn-srch-contoso-dev")]
    [InlineData("ZTAI-AI-033", "ci-alex-wilber", "cpu-cluster")]
    [InlineData("ZTAI-NET-001", "oai-contoso-prod", "ais-contoso-dev")]
    [InlineData("ZTAI-NET-002", "oai-contoso-prod", "ais-contoso-dev")]
    [InlineData("ZTAI-NET-003", "srch-contoso-rag", "srch-contoso-dev")]
    [InlineData("ZTAI-NET-004", "srch-contoso-rag", "srch-contoso-dev")]
    [InlineData("ZTAI-NET-005", "hub-contoso-ai", "mlw-contoso-forecast")]
    [InlineData("ZTAI-NET-006", "mlw-contoso-forecast", "hub-contoso-ai")]
    [InlineData("ZTAI-NET-007", "hub-contoso-ai", "mlw-contoso-forecast")]
    [InlineData("ZTAI-DATA-010", "oai-contoso-prod", "ais-contoso-dev")]
    [InlineData("ZTAI-DATA-011", "srch-contoso-rag", "srch-contoso-dev")]
    [InlineData("ZTAI-DATA-012", "hub-contoso-ai", "mlw-contoso-forecast")]
    [InlineData("ZTAI-DATA-013", "srch-contoso-rag", "srch-contoso-dev")]
    [InlineData("ZTAI-AI-150", "oai-contoso-prod", "ais-contoso-dev")]
    [InlineData("ZTAI-AI-151", "Contoso AI Production", "Contoso AI Development")]
    [InlineData("ZTAI-AI-152", "gpt-4o-agents", "gpt-4o-mini-stream")]
    [InlineData("ZTAI-AI-153", "gpt-4o-agents", "gpt-4o-mini-stream")]
    [InlineData("ZTAI-AI-154", "gpt-4o-agents", "gpt-4o-mini-stream")]
    [InlineData("ZTAI-AI-155", "gpt-4o-agents", "gpt-4o-mini-stream")]
    [InlineData("ZTAI-AI-156", "proj-agents-helpdesk", "proj-agents-sandbox")]
    [InlineData("ZTAI-AI-157", "mlw-contoso-research", "hub-contoso-research")]
    [InlineData("ZTAI-AI-158", "srch-contoso-rag", "srch-contoso-dev")]
    [InlineData("ZTAI-AI-159", "mlw-contoso-research", "hub-contoso-ai")]
    [InlineData("ZTAI-AI-160", "ci-research-secure", "cluster-research-open")]
    [InlineData("ZTAI-AI-161", "ci-research-secure", "cluster-research-open")]
    [InlineData("ZTAI-AI-162", "ci-research-secure", "cluster-research-open")]
    [InlineData("ZTAI-AI-163", "ep-research-aad", "ep-research-key")]
    [InlineData("ZTAI-AI-164", "ep-research-aad", "ep-research-key")]
    [InlineData("ZTAI-AI-165", "llama-contoso-safe", "mistral-contoso-raw")]
    [InlineData("ZTAI-AI-166", "bot-contoso-helpdesk", "bot-contoso-legacy")]
    [InlineData("ZTAI-AI-167", "bot-contoso-helpdesk", "bot-contoso-legacy")]
    [InlineData("ZTAI-AI-168", "bot-contoso-helpdesk", "bot-contoso-legacy")]
    [InlineData("ZTAI-AI-169", "bot-contoso-helpdesk", "bot-contoso-legacy")]
    [InlineData("ZTAI-AI-170", "bot-contoso-helpdesk", "bot-contoso-legacy")]
    [InlineData("ZTAI-AI-171", "aif-contoso-agents", "ais-contoso-dev")]
    public void SampleTenant_HasPassingAndFailingTarget(string controlId, string passing, string failing)
    {
        var results = Fixtures.Evaluate(controlId, Fixtures.Sample);

        Assert.Equal(ResultStatus.Pass, results.StatusOf(passing));
        Assert.Equal(ResultStatus.Fail, results.StatusOf(failing));
    }

    /// <summary>A policy whose every filter blocks, but in asynchronous mode, blocks nothing: no content-filter control passes it.</summary>
    [Theory]
    [InlineData("ZTAI-AI-022")]
    [InlineData("ZTAI-AI-023")]
    [InlineData("ZTAI-AI-031")]
    [InlineData("ZTAI-AI-152")]
    [InlineData("ZTAI-AI-153")]
    [InlineData("ZTAI-AI-154")]
    [InlineData("ZTAI-AI-155")]
    public void SampleTenant_AsynchronousFilterModeIsNotBlocking(string controlId)
    {
        var stream = Fixtures.Evaluate(controlId, Fixtures.Sample).Single(r => r.ResourceName == "gpt-4o-mini-stream");

        Assert.Equal(ResultStatus.Fail, stream.Status);
        Assert.Contains("Asynchronous_filter", stream.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleTenant_BuiltInPolicyOnEmbeddingDeploymentIsAWarning()
    {
        var results = Fixtures.Evaluate("ZTAI-AI-022", Fixtures.Sample);

        Assert.Equal(ResultStatus.Warning, results.StatusOf("text-embedding-3-large"));
    }

    [Fact]
    public void SampleTenant_HubOwnerAssignmentIsNamedInTheReason()
    {
        var hub = Fixtures.Evaluate("ZTAI-AI-027", Fixtures.Sample).Single(r => r.ResourceName == "hub-contoso-ai");

        Assert.Contains("Owner at /subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001", hub.Reason, StringComparison.Ordinal);
    }
}
