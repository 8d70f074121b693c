using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// A Global Secure Access tenant setting (a single object under networkAccess/settings) whose status must be
    /// "enabled". No default is documented, so an absent status is not enabled; the fix PATCHes the status on.
    /// </summary>
    internal sealed class GlobalSecureAccessSetting
    {
        public GlobalSecureAccessSetting(string set, string path, string property, string name, string type)
        {
            Set = set;
            Path = path;
            Property = property;
            Name = name;
            Type = type;
        }

        public string Set { get; }

        /// <summary>The request path after the version, also the target's id.</summary>
        public string Path { get; }

        public string Property { get; }

        public string Name { get; }

        public string Type { get; }

        /// <summary>The judgement of the setting, or nothing when the snapshot holds no object for it.</summary>
        public IEnumerable<Finding> Judge(TenantSnapshot snapshot, string passReason, string failConsequence, string fixComment) =>
            snapshot.GraphItems(Set).Take(1).Select(settings =>
            {
                var target = new ResultTarget(Path, Name, Type);
                var evidence = new[] { new Evidence(Property, settings.GetRawText(Property), "enabled") };
                var status = settings.GetString(Property);
                return status.EqualsIgnoreCase("enabled")
                    ? new Finding(ResultStatus.Pass, target, passReason, evidence)
                    : new Finding(ResultStatus.Fail, target, $"{Name} is {status ?? "not set"}: {failConsequence}", evidence)
                        .WithFix(RemediationFix.PowerShell(
                            GraphFixes.Comment(fixComment),
                            GraphFixes.Connect("NetworkAccess.ReadWrite.All"),
                            "Invoke-MgGraphRequest -Method PATCH -Uri " + Quote.PowerShell(GraphFixes.Beta + Path) + " -Body @{ " + Property + " = 'enabled' }"));
            });
    }
}
