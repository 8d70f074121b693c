using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Network;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

public class NsgSecurityRuleTests
{
    /// <summary>Each rule of the fixture's groups as exported, by the path evidence names it with.</summary>
    private static Dictionary<string, string> ExportedRules(string folder)
    {
        var rules = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            var items = root.ValueKind == JsonValueKind.Array ? root : root.TryGetProperty("value", out var value) ? value : root.GetProperty("data");
            foreach (var item in items.EnumerateArray())
            {
                var group = item.TryGetProperty("name", out var name) ? name.GetString() : item.GetProperty("Name").GetString();
                if (item.TryGetProperty("type", out var type) && type.GetString() == ResourceTypes.NetworkSecurityRule)
                {
                    rules[item.GetProperty("id").GetString()!] = JsonSerializer.Serialize(item);
                    continue;
                }

                foreach (var (path, property, psPath) in new[] { ("properties.securityRules", "securityRules", "SecurityRules"), ("properties.defaultSecurityRules", "defaultSecurityRules", "DefaultSecurityRules") })
                {
                    var array = item.TryGetProperty("properties", out var properties) && properties.TryGetProperty(property, out var nested)
                        ? (Path: path, Items: nested)
                        : item.TryGetProperty(psPath, out var top) ? (Path: psPath, Items: top) : (Path: (string?)null, Items: default);
                    if (array.Path == null || array.Items.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (var rule in array.Items.EnumerateArray())
                    {
                        var ruleName = rule.TryGetProperty("name", out var n) ? n.GetString() : rule.GetProperty("Name").GetString();
                        rules[group + ":" + array.Path + "[" + ruleName + "]"] = JsonSerializer.Serialize(rule);
                    }
                }
            }
        }

        return rules;
    }

    [Fact]
    public void A_rule_gives_back_the_json_it_was_exported_with_in_every_shape_read_from_its_group_when_asked()
    {
        // REST and Resource Graph shapes (rules nested under properties), Get-AzNetworkSecurityGroup's (at the top
        // level) and rules kept as separate child resources.
        var folder = Fixtures.PathOf("Controls/ZTAI-NET-022/arm");
        var exported = ExportedRules(folder);
        var snapshot = Fixtures.Read("Controls/ZTAI-NET-022");
        var groups = snapshot.ResourcesOfType(ResourceTypes.NetworkSecurityGroup);
        var read = groups.SelectMany(nsg => NsgSecurityRule.ReadEffective(nsg).Select(rule => (Nsg: nsg, Rule: rule))).ToList();
        Assert.NotEmpty(groups);

        // Every group's rules are read first, so a rule's JSON is read back after its group's was parsed for others.
        var checkedRules = 0;
        foreach (var (nsg, rule) in read)
        {
            var key = rule.Path.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) ? rule.Path : nsg.Name + ":" + rule.Path;
            if (!exported.TryGetValue(key, out var json))
            {
                continue;
            }

            Assert.Equal(json, rule.Json);
            Assert.Equal(JsonValueKind.Object, rule.Raw.ValueKind);
            checkedRules++;
        }

        Assert.Contains(read, r => r.Rule.Path.StartsWith("SecurityRules[", StringComparison.Ordinal) || r.Rule.Path.StartsWith("properties.securityRules[", StringComparison.Ordinal));
        Assert.Contains(read, r => r.Rule.Path.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase));
        Assert.True(checkedRules >= 10, $"only {checkedRules} rules were compared");
    }
}
