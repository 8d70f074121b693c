using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>Controls judge only what they apply to, and judge inherited settings by their effective value.</summary>
public class ApplicabilityTests
{
    private const string Group = "/subscriptions/00000000-0000-0000-0000-0000000000a9/resourceGroups/rg-app";

    private static string Cosmos(string name, string kind, string capabilities, string extra = "") =>
        "{\"id\":\"" + Group + "/providers/Microsoft.DocumentDB/databaseAccounts/" + name + "\",\"name\":\"" + name +
        "\",\"type\":\"Microsoft.DocumentDB/databaseAccounts\",\"kind\":\"" + kind + "\",\"properties\":{\"capabilities\":[" + capabilities + "]" + extra + "}}";

    [Theory]
    [InlineData("MongoDB", """{"name":"EnableMongo"}""", "API for MongoDB")]
    [InlineData("GlobalDocumentDB", """{"name":"EnableCassandra"}""", "API for Apache Cassandra")]
    [InlineData("GlobalDocumentDB", """{"name":"EnableTable"}""", "API for Table")]
    [InlineData("GlobalDocumentDB", """{"name":"EnableGremlin"},{"name":"EnableServerless"}""", "API for Apache Gremlin")]
    [InlineData("MongoDB", "", "API for MongoDB")]
    public void Cosmos_local_auth_is_not_applicable_to_apis_the_built_in_policy_leaves_out(string kind, string capabilities, string api)
    {
        using var temp = new TempSnapshot().With("arm/cosmos.json", "[" + Cosmos("cosmos-x", kind, capabilities) + "]");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-DATA-027", temp.Read()));

        Assert.Equal(ResultStatus.NotApplicable, result.Status);
        Assert.Equal("cosmos-x", result.ResourceName);
        Assert.Contains(api + " account", result.Reason, StringComparison.Ordinal);
        Assert.Contains("5450f5bd-9c72-4390-a9c4-a7aba4edfdd2", result.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Remediation);
        Assert.Contains(result.Evidence, e => e.Path == "properties.capabilities");
    }

    [Fact]
    public void Cosmos_local_auth_still_judges_nosql_accounts()
    {
        using var temp = new TempSnapshot().With(
            "arm/cosmos.json",
            "[" + Cosmos("cosmos-keys", "GlobalDocumentDB", """{"name":"EnableNoSQLVectorSearch"}""") + "," +
            Cosmos("cosmos-entra", "GlobalDocumentDB", "", ""","disableLocalAuth":true""") + "]");

        var results = Fixtures.Evaluate("ZTAI-DATA-027", temp.Read());

        Assert.Equal(ResultStatus.Fail, results.StatusOf("cosmos-keys"));
        Assert.Equal(ResultStatus.Pass, results.StatusOf("cosmos-entra"));
    }

    private static string Policy(string name, string tier, string? threatIntel, string? idps, string? parent) =>
        "{\"id\":\"" + Group + "/providers/Microsoft.Network/firewallPolicies/" + name + "\",\"name\":\"" + name +
        "\",\"type\":\"Microsoft.Network/firewallPolicies\",\"properties\":{\"sku\":{\"tier\":\"" + tier + "\"}" +
        (threatIntel == null ? "" : ",\"threatIntelMode\":\"" + threatIntel + "\"") +
        (idps == null ? "" : ",\"intrusionDetection\":{\"mode\":\"" + idps + "\"}") +
        (parent == null ? "" : ",\"basePolicy\":{\"id\":\"" + Group + "/providers/Microsoft.Network/firewallPolicies/" + parent + "\"}") + "}}";

    [Theory]
    [InlineData("ZTAI-NET-024")]
    [InlineData("ZTAI-NET-025")]
    public void Child_firewall_policy_inheriting_deny_passes_with_evidence_naming_the_parent(string controlId)
    {
        using var temp = new TempSnapshot().With(
            "arm/policies.json",
            "[" + Policy("fw-child", "Premium", null, null, "fw-parent") + "," + Policy("fw-parent", "Premium", "Deny", "Deny", null) + "]");

        var results = Fixtures.Evaluate(controlId, temp.Read());

        var child = results.Single(r => r.ResourceName == "fw-child");
        Assert.Equal(ResultStatus.Pass, child.Status);
        Assert.Contains("inherited from parent policy 'fw-parent'", child.Reason, StringComparison.Ordinal);
        Assert.Contains(child.Evidence, e => e.Path.StartsWith("parent policy 'fw-parent': ", StringComparison.Ordinal) && e.Actual == "\"Deny\"");
        Assert.Contains(child.Evidence, e => e.Path == "properties.basePolicy.id");
        Assert.Equal(ResultStatus.Pass, results.StatusOf("fw-parent"));
    }

    [Fact]
    public void Child_policy_stricter_than_its_parent_is_credited_and_the_parent_still_fails()
    {
        using var temp = new TempSnapshot().With(
            "arm/policies.json",
            "[" + Policy("fw-parent", "Standard", "Alert", null, null) + "," + Policy("fw-child", "Standard", "Deny", null, "fw-parent") + "," +
            Policy("fw-grandchild", "Standard", null, null, "fw-parent") + "]");

        var results = Fixtures.Evaluate("ZTAI-NET-024", temp.Read());

        Assert.Equal(ResultStatus.Fail, results.StatusOf("fw-parent"));
        var child = results.Single(r => r.ResourceName == "fw-child");
        Assert.Equal(ResultStatus.Pass, child.Status);
        Assert.DoesNotContain("inherited", child.Reason, StringComparison.Ordinal);
        var grandchild = results.Single(r => r.ResourceName == "fw-grandchild");
        Assert.Equal(ResultStatus.Fail, grandchild.Status);
        Assert.Contains("Alert (inherited from parent policy 'fw-parent')", grandchild.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_whose_parent_is_not_in_the_snapshot_is_a_warning_unless_it_denies_itself()
    {
        using var temp = new TempSnapshot().With(
            "arm/policies.json",
            "[" + Policy("fw-orphan", "Premium", "Alert", "Alert", "fw-elsewhere") + "," + Policy("fw-orphan-deny", "Premium", "Deny", "Deny", "fw-elsewhere") + "]");
        var snapshot = temp.Read();

        foreach (var controlId in new[] { "ZTAI-NET-024", "ZTAI-NET-025" })
        {
            var results = Fixtures.Evaluate(controlId, snapshot);
            var orphan = results.Single(r => r.ResourceName == "fw-orphan");
            Assert.Equal(ResultStatus.Warning, orphan.Status);
            Assert.Contains("fw-elsewhere is not in the snapshot", orphan.Reason, StringComparison.Ordinal);
            Assert.Equal(ResultStatus.Pass, results.StatusOf("fw-orphan-deny"));
        }
    }

    [Fact]
    public void Policy_hierarchy_with_a_cycle_ends()
    {
        using var temp = new TempSnapshot().With(
            "arm/policies.json",
            "[" + Policy("fw-a", "Premium", "Alert", null, "fw-b") + "," + Policy("fw-b", "Premium", null, null, "fw-a") + "]");

        var results = Fixtures.Evaluate("ZTAI-NET-024", temp.Read());

        Assert.Equal(ResultStatus.Fail, results.StatusOf("fw-a"));
        Assert.Equal(ResultStatus.Fail, results.StatusOf("fw-b"));
    }

    [Theory]
    [InlineData("Kubernetes", ResultStatus.NotApplicable)]
    [InlineData("Databricks", ResultStatus.NotApplicable)]
    [InlineData("AmlCompute", ResultStatus.Fail)]
    [InlineData("computeinstance", ResultStatus.Fail)]
    public void Ml_compute_local_auth_applies_to_compute_instances_and_clusters_only(string computeType, ResultStatus expected)
    {
        using var temp = new TempSnapshot().With(
            "arm/computes.json",
            "[{\"id\":\"" + Group + "/providers/Microsoft.MachineLearningServices/workspaces/mlw/computes/c1\",\"name\":\"c1\",\"type\":\"Microsoft.MachineLearningServices/workspaces/computes\",\"properties\":{\"computeType\":\"" + computeType + "\"}}]");

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-033", temp.Read()));

        Assert.Equal(expected, result.Status);
        if (expected == ResultStatus.NotApplicable)
        {
            Assert.Contains("e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f", result.Reason, StringComparison.Ordinal);
        }
    }
}
