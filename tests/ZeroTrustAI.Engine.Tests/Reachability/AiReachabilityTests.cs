using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reachability;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Reachability;

/// <summary>What AI can reach: roles held by AI identities at any scope above a store, and AI resources wired to it.</summary>
public class AiReachabilityTests
{
    private const string Rg = "/subscriptions/s1/resourceGroups/rg";
    private const string Storage = Rg + "/providers/Microsoft.Storage/storageAccounts/stdocs";
    private const string Account = Rg + "/providers/Microsoft.CognitiveServices/accounts/ais";
    private const string Search = Rg + "/providers/Microsoft.Search/searchServices/srch";
    private const string Workspace = Rg + "/providers/Microsoft.MachineLearningServices/workspaces/mlw";
    private const string Vault = Rg + "/providers/Microsoft.KeyVault/vaults/kv";

    private static TempSnapshot Stores() => new TempSnapshot().With("arm/stores.json", $$$"""
        [{"id":"{{{Storage}}}","name":"stdocs","type":"Microsoft.Storage/storageAccounts","properties":{}},
         {"id":"{{{Vault}}}","name":"kv","type":"Microsoft.KeyVault/vaults","properties":{}}]
        """);

    [Fact]
    public void A_grounding_storage_account_reachable_by_an_agents_managed_identity_shows_the_agent_in_its_results()
    {
        var snapshot = Fixtures.Read("Controls/ZTAI-DATA-114");
        var control = Engine.Controls.ControlCatalog.Find("ZTAI-DATA-020")!;

        var result = Assert.Single(AssessmentEngine.EvaluateControl(snapshot, control), r => r.ResourceName == "stgrounding");
        var unreached = Assert.Single(AssessmentEngine.EvaluateControl(snapshot, control), r => r.ResourceName == "stunreached");

        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Contains("AI-reachable", result.Reason);
        Assert.Contains("ais-grounding", result.Reason);
        Assert.Contains("Storage Blob Data Owner", result.Reason);
        Assert.Contains(result.Evidence, e => e.Path == "aiReachability" && e.Actual!.Contains("ais-grounding"));
        Assert.Equal(Severity.High, control.Metadata.Severity);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal(Severity.High, unreached.Severity);
        Assert.DoesNotContain("AI-reachable", unreached.Reason);
    }

    [Fact]
    public void The_raise_applies_to_the_severity_a_settings_file_sets()
    {
        var snapshot = Fixtures.Read("Controls/ZTAI-DATA-114");
        var control = Engine.Controls.ControlCatalog.Find("ZTAI-DATA-020")!;
        var settings = SettingsReader.Parse("""{"version":"1.0","controls":{"ZTAI-DATA-020":{"severity":"Low"}}}""", "test");

        var results = AssessmentEngine.EvaluateControl(snapshot, control, settings, DateTimeOffset.UtcNow);

        Assert.Equal(Severity.Medium, results.Single(r => r.ResourceName == "stgrounding").Severity);
        Assert.Equal(Severity.Low, results.Single(r => r.ResourceName == "stunreached").Severity);
    }

    [Fact]
    public void A_role_granted_to_a_group_the_AI_identity_is_a_member_of_reaches_the_store()
    {
        using var temp = Stores()
            .With("arm/ai.json", $$$"""[{"id":"{{{Account}}}","name":"ais","type":"Microsoft.CognitiveServices/accounts","identity":{"principalId":"p-ai"},"properties":{}}]""")
            .With("arm/roles.json", $$$"""
                [{"id":"{{{Storage}}}/providers/Microsoft.Authorization/roleAssignments/r1","properties":{"principalId":"g-readers","roleDefinitionId":"/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1","scope":"{{{Storage}}}"}}]
                """);
        var snapshot = temp.Read();

        Assert.Empty(new AiReachability(snapshot).Of(Storage));
        var reach = Assert.Single(new AiReachability(snapshot, p => p == "p-ai" ? new[] { "g-readers" } : Array.Empty<string>()).Of(Storage));
        Assert.Contains("through group g-readers", reach.How);
        Assert.Contains("Storage Blob Data Reader", reach.How);
        Assert.Equal(Account, reach.AiId);
    }

    [Fact]
    public void Wired_AI_resources_reach_the_stores_they_name()
    {
        using var temp = Stores()
            .With("arm/ai.json", $$$"""
                [{"id":"{{{Account}}}","name":"ais","type":"Microsoft.CognitiveServices/accounts","properties":{},
                  "resources":[{"id":"{{{Account}}}/projects/p1/connections/docs","name":"docs","type":"Microsoft.CognitiveServices/accounts/projects/connections",
                                "properties":{"category":"AzureBlob","target":"https://stdocs.blob.core.windows.net/","metadata":{"ResourceId":"{{{Storage}}}" } } } ]},
                 {"id":"{{{Account}}}/projects/p1","name":"ais/p1","type":"Microsoft.CognitiveServices/accounts/projects","properties":{}},
                 {"id":"{{{Search}}}","name":"srch","type":"Microsoft.Search/searchServices","properties":{}},
                 {"id":"{{{Search}}}/sharedPrivateLinkResources/to-kv","name":"to-kv","type":"Microsoft.Search/searchServices/sharedPrivateLinkResources",
                  "properties":{"privateLinkResourceId":"{{{Vault}}}","groupId":"vault","status":"Approved"}},
                 {"id":"{{{Workspace}}}","name":"mlw","type":"Microsoft.MachineLearningServices/workspaces","properties":{"storageAccount":"{{{Storage}}}","keyVault":"{{{Vault}}}"}}]
                """);
        var reachability = new AiReachability(temp.Read());

        var storage = reachability.Of(Storage).Select(r => r.ToString()).ToList();
        var vault = reachability.Of(Vault).Select(r => r.ToString()).ToList();

        Assert.Contains(storage, r => r.Contains("connection 'docs'"));
        Assert.Contains(storage, r => r.Contains("mlw") && r.Contains("default storageAccount"));
        Assert.Contains(vault, r => r.Contains("srch") && r.Contains("shared private link 'to-kv'"));
        Assert.Contains(vault, r => r.Contains("default keyVault"));
        Assert.Equal(reachability.Of(Storage), reachability.Of(Storage + "/blobServices/default"));
    }
}
