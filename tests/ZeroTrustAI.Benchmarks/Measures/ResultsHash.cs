using System.Security.Cryptography;
using System.Text;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Benchmarks.Measures;

/// <summary>
/// A SHA-256 over everything an assessment and a privilege analysis produced, in order, except what differs between
/// runs (run id, clock): two engine builds agree on their output exactly when their hashes are equal. Speed changes
/// are checked with it on tenants too large for a fixture.
/// </summary>
public static class ResultsHash
{
    public static string Of(IEnumerable<AssessmentResult> results, IEnumerable<AgentPrivilege> agents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(object? value)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(value?.ToString() ?? "\u0000null"));
            hash.AppendData(new byte[] { 0x1f });
        }

        foreach (var r in results)
        {
            Add(r.ControlId); Add(r.Title); Add(r.Pillar); Add(r.Principle); Add(r.Severity); Add(r.Status);
            Add(r.ResourceId); Add(r.ResourceName); Add(r.ResourceType); Add(r.Reason); Add(r.Remediation);
            Add(r.Evidence.Count);
            foreach (var e in r.Evidence)
            {
                Add(e.Path); Add(e.Actual); Add(e.Expected);
            }

            Add(r.Fix?.Language); Add(r.Fix?.Script);
        }

        foreach (var a in agents)
        {
            Add(a.Id); Add(a.DisplayName); Add(a.AppId); Add(a.Kind); Add(a.PrivilegeTier); Add(a.MaxDepth);
            Add(a.ParentId); Add(a.ParentName); Add(a.HasUnratedPermissions);
            Add(a.Permissions.Count);
            foreach (var p in a.Permissions)
            {
                Add(p.Kind); Add(p.Name); Add(p.Resource); Add(p.Id); Add(p.Tier); Add(p.Scope); Add(p.AllPrincipals); Add(p.IsEligible); Add(p.Via);
                foreach (var e in p.ReachedBy)
                {
                    Add(e.FromId); Add(e.Relation); Add(e.ToId); Add(e.ToName); Add(e.ToKind);
                }
            }

            Add(a.Paths.Count);
            foreach (var path in a.Paths)
            {
                Add(path); Add(path.Tier);
            }

            var radius = a.BlastRadius;
            Add(string.Join("|", radius.DataStores)); Add(string.Join("|", radius.Subscriptions));
            Add(string.Join("|", radius.Tier0Capabilities)); Add(string.Join("|", radius.OutsideSignIns));
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
