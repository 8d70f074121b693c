using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

/// <summary>
/// ArmId walks an id's segments in place; these hold it to what splitting the id on '/' (empty segments removed) and
/// joining the parts gives, for ids as exports write them and for untidy ones.
/// </summary>
public class ArmIdTests
{
    private const string Group = "/subscriptions/00000000-0000-0000-0000-0000000000e1/resourceGroups/rg-ids";

    public static TheoryData<string> Ids()
    {
        var deep = Group + string.Concat(Enumerable.Range(0, 80).Select(i => $"/providers/Microsoft.Foo/bars/b{i}"));
        return new TheoryData<string>
        {
            "",
            "/",
            "//",
            "/subscriptions/s",
            "subscriptions/s/resourceGroups/rg",
            Group,
            Group + "/",
            Group + "/providers/Microsoft.KeyVault/vaults/kv",
            Group + "/providers/Microsoft.KeyVault/vaults/kv/",
            Group + "//providers//Microsoft.KeyVault/vaults//kv",
            "subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Insights/diagnosticSettings/d",
            Group + "/providers/Microsoft.CognitiveServices/accounts/a/deployments/d",
            Group + "/providers/Microsoft.CognitiveServices/accounts/a/deployments/d/extra",
            Group + "/PROVIDERS/Microsoft.CognitiveServices/accounts/a/Providers/Microsoft.Insights/diagnosticSettings/x",
            Group + "/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Foo/bars/b/bazs/c",
            Group + "/providers/Microsoft.Authorization/locks/l",
            "/subscriptions/s/providers/Microsoft.Security/pricings/AI",
            "/providers/Microsoft.Management/managementGroups/mg",
            "providers/Microsoft.Foo/bars/b",
            "/subscriptions/s/resourcegroups/rg/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/r",
            "/SUBSCRIPTIONS/S",
            deep,
        };
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Reads_an_id_as_splitting_it_on_slashes_would(string id)
    {
        Assert.Equal(SplitReference.ParentId(id), ArmId.GetParentId(id));
        Assert.Equal(SplitReference.IsExtension(id), ArmId.IsExtensionId(id));
        Assert.Equal(SplitReference.SubscriptionId(id), ArmId.GetSubscriptionId(id));
        Assert.Equal(SplitReference.Type(id), ArmId.GetTypeFromId(id));
    }

    [Fact]
    public void Gives_the_parent_as_written_and_joins_an_untidy_one_with_single_slashes()
    {
        Assert.Equal(
            Group + "/providers/Microsoft.CognitiveServices/accounts/a",
            ArmId.GetParentId(Group + "/providers/Microsoft.CognitiveServices/accounts/a/deployments/d"));
        Assert.Equal(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Foo/bars/b",
            ArmId.GetParentId("subscriptions//s/resourceGroups/rg/providers/Microsoft.Foo/bars/b/children/c/"));
        Assert.Equal("Microsoft.Foo/bars/children", ArmId.GetTypeFromId("subscriptions//s/resourceGroups/rg/providers/Microsoft.Foo/bars/b/children/c/"));
    }

    /// <summary>The former implementation: split on '/', then join.</summary>
    private static class SplitReference
    {
        public static string? ParentId(string id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var lastProviders = LastProviders(segments);
            if (lastProviders < 0)
            {
                return null;
            }

            if (segments.Length - (lastProviders + 2) > 2)
            {
                return "/" + string.Join("/", segments, 0, segments.Length - 2);
            }

            return HasProviders(segments, lastProviders) ? "/" + string.Join("/", segments, 0, lastProviders) : null;
        }

        public static bool IsExtension(string id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return false;
            }

            var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var lastProviders = LastProviders(segments);
            return lastProviders >= 0 && segments.Length - (lastProviders + 2) <= 2 && HasProviders(segments, lastProviders);
        }

        public static string? SubscriptionId(string id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < segments.Length - 1; i++)
            {
                if (string.Equals(segments[i], "subscriptions", StringComparison.OrdinalIgnoreCase))
                {
                    return segments[i + 1];
                }
            }

            return null;
        }

        public static string? Type(string id)
        {
            var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var lastProviders = LastProviders(segments);
            if (lastProviders < 0 || lastProviders + 2 >= segments.Length)
            {
                return null;
            }

            var parts = new List<string> { segments[lastProviders + 1] };
            for (var i = lastProviders + 2; i < segments.Length; i += 2)
            {
                parts.Add(segments[i]);
            }

            return string.Join("/", parts);
        }

        private static int LastProviders(string[] segments) =>
            Array.FindLastIndex(segments, s => string.Equals(s, "providers", StringComparison.OrdinalIgnoreCase));

        private static bool HasProviders(string[] segments, int end) =>
            segments.Take(end).Any(s => string.Equals(s, "providers", StringComparison.OrdinalIgnoreCase));
    }
}
