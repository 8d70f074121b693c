using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Settings
{
    /// <summary>
    /// The settings in force while a control's code runs, so a control reads its parameters through
    /// <see cref="Control"/> without every Evaluate signature taking them. The engine enters it around each step of a
    /// control's enumeration (the only time the control's code runs), so interleaved or lazy enumeration stays right.
    /// </summary>
    internal static class AmbientSettings
    {
        private static readonly AsyncLocal<AssessmentSettings?> CurrentValue = new AsyncLocal<AssessmentSettings?>();

        public static AssessmentSettings Current => CurrentValue.Value ?? AssessmentSettings.Empty;

        public static Scope Enter(AssessmentSettings settings)
        {
            var previous = CurrentValue.Value;
            CurrentValue.Value = settings;
            return new Scope(previous);
        }

        internal readonly struct Scope : IDisposable
        {
            private readonly AssessmentSettings? _previous;

            public Scope(AssessmentSettings? previous)
            {
                _previous = previous;
            }

            public void Dispose() => CurrentValue.Value = _previous;
        }
    }

    /// <summary>
    /// Applies suppressions to a run's results and reports the exceptions themselves: one Warning per expired
    /// suppression (it no longer suppresses) and one per suppression that suppressed nothing (stale), for the controls
    /// that ran.
    /// </summary>
    internal sealed class SuppressionTracker
    {
        /// <summary>The type of the results that report a suppression rather than a target.</summary>
        public const string ResultType = "ZeroTrustAI.Suppression";

        private readonly AssessmentSettings _settings;
        private readonly DateTimeOffset _now;
        private readonly HashSet<Suppression> _used = new HashSet<Suppression>();

        public SuppressionTracker(AssessmentSettings settings, DateTimeOffset now)
        {
            _settings = settings;
            _now = now;
        }

        /// <summary>The result as reported: Suppressed with the exception's terms when an unexpired suppression matches a Fail or Warning.</summary>
        public AssessmentResult Apply(AssessmentResult result)
        {
            if (result.Status != ResultStatus.Fail && result.Status != ResultStatus.Warning)
            {
                return result;
            }

            var suppression = _settings.Suppressions.FirstOrDefault(s => !s.IsExpired(_now) && s.Matches(result));
            if (suppression == null)
            {
                return result;
            }

            _used.Add(suppression);
            return result.WithStatus(
                ResultStatus.Suppressed,
                $"Suppressed until {suppression.ExpiresOnText} by {suppression.Owner}: {suppression.Justification} (was {result.Status}: {result.Reason})");
        }

        /// <summary>The reports on the exceptions of the controls that ran.</summary>
        public IEnumerable<AssessmentResult> Report(IEnumerable<ControlMetadata> evaluated, RunContext run)
        {
            var controls = evaluated.GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var source = _settings.Source.Length == 0 ? string.Empty : $" in '{_settings.Source}'";
            foreach (var suppression in _settings.Suppressions)
            {
                if (!controls.TryGetValue(suppression.ControlId, out var control) || _used.Contains(suppression))
                {
                    continue;
                }

                var reason = suppression.IsExpired(_now)
                    ? $"The exception {suppression.Key}{source} for {control.Id} on '{suppression.Target}' (owner {suppression.Owner}: {suppression.Justification}) expired on {suppression.ExpiresOnText}; it no longer suppresses. Renew it with a new justification or remove it."
                    : $"The exception {suppression.Key}{source} for {control.Id} on '{suppression.Target}' (owner {suppression.Owner}, expires {suppression.ExpiresOnText}) matched no failing or warning result; remove it if the finding is gone.";
                yield return new AssessmentResult(
                    control.Id,
                    control.Title,
                    control.Pillar,
                    control.Principle,
                    _settings.SeverityOf(control),
                    ResultStatus.Warning,
                    suppression.Target,
                    suppression.Target,
                    ResultType,
                    Array.Empty<Evidence>(),
                    reason,
                    string.Empty,
                    run);
            }
        }
    }
}
