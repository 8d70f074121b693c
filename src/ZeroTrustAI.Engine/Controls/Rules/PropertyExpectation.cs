using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Rules
{
    /// <summary>
    /// One property of an Azure resource and the values that pass, compared without regard to case. An absent property
    /// is judged by the service's documented default (<see cref="Default"/>); where the default is not knowable from the
    /// resource (it changed with API versions or creation dates), absent fails and <see cref="AbsentMeans"/> says why.
    /// </summary>
    public sealed class PropertyExpectation
    {
        private const string PropertiesPrefix = "properties.";

        /// <param name="path">Dotted path from the resource root, e.g. <c>properties.disableLocalAuth</c>.</param>
        /// <param name="accepted">Values that pass, as their text ("true", "Disabled", "TLS1_2").</param>
        public PropertyExpectation(string path, params string[] accepted)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Accepted = accepted ?? throw new ArgumentNullException(nameof(accepted));
        }

        public string Path { get; }

        public IReadOnlyList<string> Accepted { get; }

        /// <summary>The value the service documents for an absent property; null when it cannot be known.</summary>
        public string? Default { get; init; }

        /// <summary>What an absent property means, for the reason (e.g. "keys are on by default").</summary>
        public string? AbsentMeans { get; init; }

        /// <summary>
        /// Passes when the array at <see cref="Path"/> holds one of the accepted values (e.g. dataExfiltrationProtections
        /// containing BlockAll), instead of comparing a single value.
        /// </summary>
        public bool MatchAnyItem { get; init; }

        /// <summary>A test of the value's text beyond equality (e.g. a list written "SystemAssigned, UserAssigned").</summary>
        public Func<string, bool>? Matches { get; init; }

        /// <summary>The expected value in words, for evidence; defaults to the accepted values.</summary>
        public string? ExpectedText { get; init; }

        /// <summary>
        /// The value a fix sets (as <c>az resource update --set</c> reads it: JSON or text); defaults to the first
        /// accepted value (a JSON array of it for <see cref="MatchAnyItem"/>).
        /// </summary>
        public string? FixValue { get; init; }

        /// <summary>The value to set; null when the expectation names none (it accepts by <see cref="Matches"/> only).</summary>
        internal string? ValueToSet => FixValue ?? (Accepted.Count == 0 ? null : MatchAnyItem ? "[\"" + Accepted[0] + "\"]" : Accepted[0]);

        // Made once: every resource's verdict names them (the properties above are only set while the expectation is made).
        private string? _name;
        private string? _expected;

        /// <summary>The path without its leading <c>properties.</c>, used in reasons ("intrusionDetection.mode").</summary>
        public string Name => _name ??= Path.StartsWith(PropertiesPrefix, StringComparison.OrdinalIgnoreCase) ? Path.Substring(PropertiesPrefix.Length) : Path;

        internal string Expected => _expected ??= ExpectedText ?? string.Join(" or ", Accepted.Select(Literal));

        /// <summary>Judges the property on one resource.</summary>
        public PropertyVerdict Judge(ArmResource resource) => Judge(resource.Raw);

        /// <summary>Judges the property on one JSON object (an Azure resource's body or a Microsoft Graph object).</summary>
        public PropertyVerdict Judge(System.Text.Json.JsonElement source)
        {
            // The path is resolved once: the evidence and the verdict read the same value.
            var found = source.Get(Path);
            var evidence = new Evidence(Path, found?.GetRawText(), Expected);
            if (found == null)
            {
                return Absent(evidence);
            }

            if (MatchAnyItem)
            {
                var passes = found.Value.StringItems().Any(IsAccepted);
                return new PropertyVerdict(passes, evidence, passes ? $"{Name} includes {Accepted[0]}" : $"{Name} has no {string.Join(" or ", Accepted)}");
            }

            var value = found.Value.ScalarText();
            if (value == null)
            {
                return Absent(evidence);
            }

            return new PropertyVerdict(IsAccepted(value), evidence, $"{Name} is {value}");
        }

        private PropertyVerdict Absent(Evidence evidence)
        {
            if (Default != null)
            {
                var passes = IsAccepted(Default);
                return new PropertyVerdict(passes, evidence, $"{Name} is absent ({AbsentMeans ?? "the service default is " + Default})");
            }

            return new PropertyVerdict(false, evidence, $"{Name} is absent ({AbsentMeans ?? "the setting cannot be confirmed"})");
        }

        private bool IsAccepted(string value) =>
            Accepted.Any(a => a.EqualsIgnoreCase(value)) || (Matches != null && Matches(value));

        private static string Literal(string value) =>
            value == "true" || value == "false" || double.TryParse(value, out _) ? value : "\"" + value + "\"";
    }

    /// <summary>What one <see cref="PropertyExpectation"/> found on one resource.</summary>
    public sealed class PropertyVerdict
    {
        public PropertyVerdict(bool passes, Evidence evidence, string observation)
        {
            Passes = passes;
            Evidence = evidence;
            Observation = observation;
        }

        public bool Passes { get; }

        public Evidence Evidence { get; }

        /// <summary>The value in words, e.g. "disableLocalAuth is false" or "publicNetworkAccess is absent (enabled by default)".</summary>
        public string Observation { get; }
    }
}
