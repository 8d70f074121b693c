using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Settings
{
    /// <summary>
    /// A team's accepted exceptions and tuning for an assessment, read from a settings file (docs/settings.md) by
    /// <see cref="SettingsReader"/>. Only a file that is valid as a whole becomes settings, so nothing is half-applied.
    /// Immutable.
    /// </summary>
    public sealed class AssessmentSettings
    {
        public static readonly AssessmentSettings Empty = new AssessmentSettings(string.Empty, Array.Empty<Suppression>(), new Dictionary<string, ControlSettings>());

        internal AssessmentSettings(string source, IEnumerable<Suppression> suppressions, IDictionary<string, ControlSettings> controls, Agents.PrivilegeTierTable? privilegeTiers = null)
        {
            PrivilegeTiers = privilegeTiers;
            Source = source;
            Suppressions = new ReadOnlyCollection<Suppression>(suppressions.ToList());
            Controls = new ReadOnlyDictionary<string, ControlSettings>(new Dictionary<string, ControlSettings>(controls, StringComparer.OrdinalIgnoreCase));
        }

        /// <summary>The file the settings were read from (empty when built in code).</summary>
        public string Source { get; }

        public ReadOnlyCollection<Suppression> Suppressions { get; }

        /// <summary>The privilege tier table with the file's <c>privilegeTiers</c> applied; null when the file has none (the built-in table).</summary>
        public Agents.PrivilegeTierTable? PrivilegeTiers { get; }

        /// <summary>Severity overrides and parameters by control id.</summary>
        public ReadOnlyDictionary<string, ControlSettings> Controls { get; }

        /// <summary>The severity results of the control carry: the override, else the control's own.</summary>
        public Severity SeverityOf(ControlMetadata control) =>
            Controls.TryGetValue(control.Id, out var settings) && settings.Severity.HasValue ? settings.Severity.Value : control.Severity;

        /// <summary>The parameter values the control runs with.</summary>
        public ControlParameterValues ParametersOf(ControlMetadata control) =>
            new ControlParameterValues(control.Parameters, Controls.TryGetValue(control.Id, out var settings) ? settings.Parameters : null);

        public override string ToString() =>
            $"{Suppressions.Count} suppression(s), {Controls.Count} control setting(s)" + (Source.Length == 0 ? string.Empty : $" from '{Source}'");
    }

    /// <summary>Severity override and parameter values for one control.</summary>
    public sealed class ControlSettings
    {
        internal ControlSettings(Severity? severity, IDictionary<string, object> parameters)
        {
            Severity = severity;
            Parameters = new ReadOnlyDictionary<string, object>(new Dictionary<string, object>(parameters, StringComparer.Ordinal));
        }

        public Severity? Severity { get; }

        public ReadOnlyDictionary<string, object> Parameters { get; }
    }

    /// <summary>
    /// An accepted finding: results of a control whose target id or name matches <see cref="Target"/> (wildcards,
    /// ignoring case) are reported Suppressed until the end of <see cref="ExpiresOn"/> (UTC).
    /// </summary>
    public sealed class Suppression
    {
        // Built once: a suppression is matched against every failing result of its control.
        private readonly Regex _target;

        internal Suppression(string key, string controlId, string target, string justification, string owner, DateTime expiresOn)
        {
            Key = key;
            ControlId = controlId;
            Target = target;
            _target = Wildcard.ToRegex(target);
            Justification = justification;
            Owner = owner;
            ExpiresOn = expiresOn;
        }

        /// <summary>Where the suppression is in the settings file (JSON path), to name it in reports.</summary>
        public string Key { get; }

        public string ControlId { get; }

        /// <summary>Target id or name pattern; * and ? are wildcards.</summary>
        public string Target { get; }

        public string Justification { get; }

        public string Owner { get; }

        /// <summary>The last day (UTC) the suppression applies.</summary>
        public DateTime ExpiresOn { get; }

        public string ExpiresOnText => ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public bool IsExpired(DateTimeOffset now) => now.UtcDateTime.Date > ExpiresOn;

        public bool Matches(AssessmentResult result) =>
            string.Equals(result.ControlId, ControlId, StringComparison.OrdinalIgnoreCase)
            && (_target.IsMatch(result.ResourceId) || _target.IsMatch(result.ResourceName));

        public override string ToString() => $"{ControlId} on '{Target}' (owner {Owner}, expires {ExpiresOnText})";
    }
}
