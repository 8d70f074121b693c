using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

/// <summary>Extension resources in every export shape, and objects the reader has to place without an id.</summary>
public class ExtensionResourceTests
{
    private const string Group = "/subscriptions/00000000-0000-0000-0000-0000000000e1/resourceGroups/rg-ext";
    private const string Vault = Group + "/providers/Microsoft.KeyVault/vaults/kv-ext";
    private const string Account = Group + "/providers/Microsoft.CognitiveServices/accounts/oai-ext";

    /// <summary>A diagnostic setting as Get-AzResource -ExpandProperties | ConvertTo-Json prints it: the parent's type.</summary>
    private static string AzResourceSetting(string parentId, string parentType, string name) => $$"""
        {
          "ResourceId": "{{parentId}}/providers/Microsoft.Insights/diagnosticSettings/{{name}}",
          "Id": "{{parentId}}/providers/Microsoft.Insights/diagnosticSettings/{{name}}",
          "Name": "{{name}}",
          "ResourceName": "{{name}}",
          "ExtensionResourceName": "{{name}}",
          "ResourceType": "{{parentType}}",
          "Type": "{{parentType}}",
          "ExtensionResourceType": "Microsoft.Insights/diagnosticSettings",
          "ResourceGroupName": "rg-ext",
          "SubscriptionId": "00000000-0000-0000-0000-0000000000e1",
          "Properties": {
            "workspaceId": "{{Group}}/providers/Microsoft.OperationalInsights/workspaces/law",
            "logs": [ { "category": "Audit", "enabled": true } ]
          }
        }
        """;

    [Fact]
    public void Key_vault_with_a_get_azresource_diagnostic_setting_is_one_vault_with_the_setting_linked()
    {
        using var temp = new TempSnapshot()
            .With("arm/vaults.json", $$$"""[{"ResourceId":"{{{Vault}}}","Name":"kv-ext","ResourceType":"Microsoft.KeyVault/vaults","Properties":{"enableRbacAuthorization":true}}]""")
            .With("arm/vault-diagnostics.json", "[" + AzResourceSetting(Vault, ResourceTypes.KeyVault, "kv-audit") + "]");

        var snapshot = temp.Read();

        var vault = Assert.Single(snapshot.ResourcesOfType(ResourceTypes.KeyVault));
        Assert.Equal(Vault, vault.Id);
        var setting = Assert.Single(vault.ExtensionsOfType(ResourceTypes.DiagnosticSetting));
        Assert.Equal("kv-audit", setting.Name);
        Assert.Equal(ResourceTypes.DiagnosticSetting, setting.Type);
        Assert.True(setting.IsExtension);
        Assert.Same(vault, setting.Parent);
        Assert.Empty(vault.Children);
        Assert.Single(Fixtures.Evaluate("ZTAI-DATA-025", snapshot));
    }

    [Fact]
    public void Ai_diagnostic_logs_are_judged_on_a_setting_exported_by_get_azresource_without_a_phantom_account()
    {
        using var temp = new TempSnapshot()
            .With("arm/accounts.json", $$$"""{"value":[{"id":"{{{Account}}}","name":"oai-ext","type":"Microsoft.CognitiveServices/accounts","kind":"OpenAI","properties":{}}]}""")
            .With("arm/settings.json", "[" + AzResourceSetting(Account.ToLowerInvariant(), ResourceTypes.CognitiveServicesAccount, "audit") + "]");

        var results = Fixtures.Evaluate("ZTAI-AI-028", temp.Read());

        var result = Assert.Single(results);
        Assert.Equal(ResultStatus.Pass, result.Status);
        Assert.Equal(Account, result.ResourceId);
        Assert.Contains("'audit'", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"Microsoft.Insights/diagnosticSettings","name":"to-law"}""", "/providers/Microsoft.Insights/diagnosticSettings/to-law")]
    [InlineData("""{"type":"providers/diagnosticSettings","name":"Microsoft.Insights/to-law"}""", "/providers/Microsoft.Insights/diagnosticSettings/to-law")]
    [InlineData("""{"type":"Microsoft.Authorization/locks","name":"no-delete"}""", "/providers/Microsoft.Authorization/locks/no-delete")]
    [InlineData("""{"type":"deployments","name":"gpt-4o"}""", "/deployments/gpt-4o")]
    [InlineData("""{"type":"Microsoft.CognitiveServices/accounts/deployments","name":"oai-ext/gpt-4o"}""", "/deployments/gpt-4o")]
    public void Nested_template_objects_get_the_id_arm_gives_them(string nested, string suffix)
    {
        using var temp = new TempSnapshot()
            .With("arm/template.json", $$"""[{"id":"{{Account}}","name":"oai-ext","type":"Microsoft.CognitiveServices/accounts","resources":[{{nested}}]}]""");

        var snapshot = temp.Read();

        var account = snapshot.GetResource(Account)!;
        var linked = Assert.Single(account.Children.Concat(account.Extensions));
        Assert.Equal(Account + suffix, linked.Id);
        Assert.True(linked.IdDerived);
        Assert.Equal(suffix.StartsWith("/providers/", StringComparison.Ordinal), linked.IsExtension);
        var issue = Assert.Single(snapshot.Issues);
        Assert.Equal(SnapshotErrorIds.ResourceIdDerived, issue.ErrorId);
        Assert.Equal(SnapshotIssueKind.Information, issue.Kind);
        Assert.Equal("arm/template.json", issue.File);
        Assert.Contains(linked.Id, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Top_level_template_object_with_subscription_and_group_is_assessed_under_its_derived_id()
    {
        using var temp = new TempSnapshot()
            .With("arm/vaults.json", """[{"type":"Microsoft.KeyVault/vaults","name":"kv-derived","subscriptionId":"00000000-0000-0000-0000-0000000000e1","resourceGroup":"rg-ext","properties":{"enableRbacAuthorization":false}}]""");

        var snapshot = temp.Read();

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-DATA-025", snapshot));
        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Equal(Group + "/providers/Microsoft.KeyVault/vaults/kv-derived", result.ResourceId);
        Assert.Equal(SnapshotErrorIds.ResourceIdDerived, Assert.Single(snapshot.Issues).ErrorId);
    }

    [Fact]
    public void Template_object_whose_id_cannot_be_derived_is_reported_and_its_type_is_incomplete()
    {
        using var temp = new TempSnapshot()
            .With("arm/vaults.json", $$$"""[{"id":"{{{Vault}}}","name":"kv-ext","type":"Microsoft.KeyVault/vaults","properties":{"enableRbacAuthorization":true}},{"type":"Microsoft.KeyVault/vaults","name":"[parameters('vaultName')]","properties":{}}]""")
            .With("arm/accounts.json", $$$"""[{"id":"{{{Account}}}","name":"oai-ext","type":"Microsoft.CognitiveServices/accounts","kind":"OpenAI","properties":{"disableLocalAuth":true}}]""");

        var snapshot = temp.Read();

        var issue = Assert.Single(snapshot.Issues);
        Assert.Equal(SnapshotErrorIds.ObjectNotPlaced, issue.ErrorId);
        Assert.Equal(SnapshotIssueKind.Warning, issue.Kind);
        Assert.Equal("arm/vaults.json", issue.File);
        Assert.Contains("Object 2", issue.Message, StringComparison.Ordinal);
        Assert.Contains("[parameters('vaultName')]", issue.Message, StringComparison.Ordinal);
        Assert.Single(snapshot.Resources, r => r.IsType(ResourceTypes.KeyVault));

        // The vault it may be is not judged as if absent: Key Vault controls report Error, the others run.
        var vaultResult = Assert.Single(Fixtures.Evaluate("ZTAI-DATA-025", snapshot));
        Assert.Equal(ResultStatus.Error, vaultResult.Status);
        Assert.Contains("[parameters('vaultName')]", vaultResult.Reason, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Pass, Assert.Single(Fixtures.Evaluate("ZTAI-AI-020", snapshot)).Status);
    }

    [Fact]
    public void Object_without_id_or_type_is_reported_naming_file_and_object_and_nothing_else_changes()
    {
        using var temp = new TempSnapshot()
            .With("arm/accounts.json", $$$"""[{"id":"{{{Account}}}","name":"oai-ext","type":"Microsoft.CognitiveServices/accounts","kind":"OpenAI","properties":{"disableLocalAuth":true}},{"properties":{"note":"exported by hand"}}]""");

        var snapshot = temp.Read();

        var issue = Assert.Single(snapshot.Issues);
        Assert.Equal(SnapshotErrorIds.ObjectNotPlaced, issue.ErrorId);
        Assert.Contains("arm/accounts.json", issue.ToString(), StringComparison.Ordinal);
        Assert.Contains("Object 2", issue.Message, StringComparison.Ordinal);
        Assert.Contains("exported by hand", issue.Message, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Pass, Assert.Single(Fixtures.Evaluate("ZTAI-AI-020", snapshot)).Status);
    }

    [Fact]
    public void Flattened_az_output_is_read_with_its_properties_nested()
    {
        using var temp = new TempSnapshot()
            .With("arm/accounts.json", $$$"""[{"id":"{{{Account}}}","name":"oai-ext","type":"Microsoft.CognitiveServices/accounts","kind":"OpenAI","properties":{}}]""")
            .With("arm/az-diagnostic-settings.json", $$"""[{"id":"{{Account}}/providers/microsoft.insights/diagnosticSettings/to-law","name":"to-law","type":"Microsoft.Insights/diagnosticSettings","resourceGroup":"rg-ext","logs":[{"categoryGroup":"allLogs","enabled":true}],"metrics":[],"workspaceId":"{{Group}}/providers/Microsoft.OperationalInsights/workspaces/law"}]""");

        var snapshot = temp.Read();

        var setting = Assert.Single(snapshot.GetResource(Account)!.ExtensionsOfType(ResourceTypes.DiagnosticSetting));
        Assert.NotNull(setting.GetString("properties.workspaceId"));
        Assert.Equal("rg-ext", setting.GetString("resourceGroup"));
        Assert.Equal(ResultStatus.Pass, Assert.Single(Fixtures.Evaluate("ZTAI-AI-028", snapshot)).Status);
    }

    [Theory]
    [InlineData("""{"id":"00000000-0000-0000-0000-0000000000e1","name":"Prod","state":"Enabled","tenantId":"t","isDefault":true}""")]
    [InlineData("""{"Id":"00000000-0000-0000-0000-0000000000e1","SubscriptionId":"00000000-0000-0000-0000-0000000000e1","Name":"Prod","State":"Enabled","TenantId":"t"}""")]
    [InlineData("""{"id":"/subscriptions/00000000-0000-0000-0000-0000000000e1","subscriptionId":"00000000-0000-0000-0000-0000000000e1","displayName":"Prod","state":"Enabled"}""")]
    public void Subscriptions_read_from_az_get_azsubscription_and_rest(string subscription)
    {
        using var temp = new TempSnapshot().With("arm/subscriptions.json", "[" + subscription + "]");

        var snapshot = temp.Read();

        Assert.Empty(snapshot.Issues);
        var read = Assert.Single(snapshot.Subscriptions);
        Assert.Equal("00000000-0000-0000-0000-0000000000e1", read.GetProperty("subscriptionId").GetString());
        Assert.Equal("Prod", read.GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData(Vault + "/providers/Microsoft.Insights/diagnosticSettings/x", true, Vault)]
    [InlineData(Group + "/providers/Microsoft.Authorization/locks/l", false, null)]
    [InlineData("/subscriptions/s/providers/Microsoft.Security/pricings/AI", false, null)]
    [InlineData(Account + "/deployments/d", false, Account)]
    [InlineData(Vault + "/providers/Microsoft.Foo/bars/b/bazs/c", false, Vault + "/providers/Microsoft.Foo/bars/b")]
    public void Extension_ids_are_told_apart_from_children(string id, bool extension, string? parent)
    {
        Assert.Equal(extension, ArmId.IsExtensionId(id));
        Assert.Equal(parent, ArmId.GetParentId(id));
    }
}
