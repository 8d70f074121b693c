using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting.Zta
{
    /// <summary>
    /// The words a Zero Trust Assessment (2.6) report uses, and how ours translate into them
    /// (docs/zta-interop.md states the mapping for users).
    /// </summary>
    public static class ZtaVocabulary
    {
        public const string Passed = "Passed";
        public const string Failed = "Failed";
        public const string Investigate = "Investigate";
        public const string Error = "Error";
        public const string Skipped = "Skipped";
        public const string Planned = "Planned";

        /// <summary>ZTA's SkippedBecause for a test that does not apply to the environment.</summary>
        public const string SkippedNotApplicable = "NotApplicable";

        /// <summary>ZTA's SkippedBecause for a test whose service was not read: our "data set not collected".</summary>
        public const string SkippedNotConnected = "NotConnectedToService";

        internal const string CategoryPrefix = "Zero Trust for AI: ";

        /// <summary>The pillars of ZTA's <c>TestResultSummary</c>, in the order ZTA writes them.</summary>
        public static IReadOnlyList<string> Pillars { get; } = new[] { "Identity", "Devices", "Network", "Data", "Infrastructure", "SecOps", "AI" };

        /// <summary>
        /// The status of a test made of several targets: a failure anywhere fails it; then an unreadable target makes it
        /// Error, a warning Investigate; a pass with nothing worse passes; only not-judged targets leave it Skipped.
        /// </summary>
        public static string TestStatus(IEnumerable<ResultStatus> statuses)
        {
            var seen = new HashSet<ResultStatus>(statuses ?? throw new ArgumentNullException(nameof(statuses)));
            if (seen.Contains(ResultStatus.Fail))
            {
                return Failed;
            }

            if (seen.Contains(ResultStatus.Error))
            {
                return Error;
            }

            if (seen.Contains(ResultStatus.Warning))
            {
                return Investigate;
            }

            return seen.Contains(ResultStatus.Pass) ? Passed : Skipped;
        }

        /// <summary>ZTA's risk levels have no Informational: it is Unranked there.</summary>
        public static string Risk(Severity severity) => severity switch
        {
            Severity.Critical => "Critical",
            Severity.High => "High",
            Severity.Medium => "Medium",
            Severity.Low => "Low",
            _ => "Unranked",
        };

        /// <summary>
        /// The Secure Future Initiative pillar ZTA files a test under: networks for Network, tenant isolation for Data,
        /// detection for AI controls that assume breach, identities and secrets for the other AI controls.
        /// </summary>
        public static string SfiPillar(Pillar pillar, Principle principle) => pillar switch
        {
            Pillar.Network => "Protect networks",
            Pillar.Data => "Protect tenants and isolate production systems",
            _ => principle == Principle.AssumeBreach ? "Monitor and detect cyberthreats" : "Protect identities and secrets",
        };

        /// <summary>True when a ZTA <c>TestPillar</c> (a string, or an array for a multi-pillar test) names the pillar, as PowerShell's -eq matches.</summary>
        internal static bool PillarMatches(IReadOnlyList<string> testPillars, string pillar) =>
            testPillars.Any(p => string.Equals(p, pillar, StringComparison.OrdinalIgnoreCase));
    }
}
