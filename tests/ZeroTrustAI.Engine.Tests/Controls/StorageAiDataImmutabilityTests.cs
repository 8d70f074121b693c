using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>ZTAI-DATA-150's fixes: the statuses are in its fixture (ControlFixtureTests).</summary>
public class StorageAiDataImmutabilityTests
{
    private static AssessmentResult Result(string account) =>
        Fixtures.EvaluateFixture("ZTAI-DATA-150").Single(r => r.ResourceName == account);

    [Fact]
    public void An_unprotected_container_gets_a_policy_then_migrates_to_version_level_immutability()
    {
        var fix = Result("stmixed").Fix!.Script;

        Assert.Contains("containers/raw-uploads/immutabilityPolicies/default?api-version=", fix, StringComparison.Ordinal);
        Assert.Contains("containers/raw-uploads/migrate?api-version=", fix, StringComparison.Ordinal);
        Assert.DoesNotContain("containers/locked-docs", fix, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_hierarchical_namespace_account_the_fix_keeps_a_container_level_policy_without_migrating()
    {
        var fix = Result("sthnslake").Fix!.Script;

        Assert.Contains("containers/training-lake/immutabilityPolicies/default?api-version=", fix, StringComparison.Ordinal);
        Assert.DoesNotContain("/migrate", fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unlocked_container_policy_is_locked_with_its_etag()
    {
        var result = Result("stunlockedcontainers");

        Assert.Equal(ResultStatus.Warning, result.Status);
        Assert.Contains("containers/eval-set/immutabilityPolicies/default/lock?api-version=", result.Fix!.Script, StringComparison.Ordinal);
        Assert.Contains("If-Match=\"8d9f8c0a1b2c3d4\"", result.Fix.Script, StringComparison.Ordinal);
    }
}
