using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Settings
{
    /// <summary>The JSON type a control parameter takes in the settings file.</summary>
    public enum ControlParameterType
    {
        /// <summary>A whole number (JSON integer), within the parameter's minimum and maximum.</summary>
        WholeNumber,

        /// <summary>A list of non-empty strings (JSON array of strings).</summary>
        StringList,
    }

    /// <summary>
    /// A setting a control declares and reads while it evaluates (a limit, a list of extra names). Declared on the
    /// control, so a settings file naming a parameter the control does not have is refused. Immutable.
    /// </summary>
    public sealed class ControlParameter
    {
        private ControlParameter(string name, ControlParameterType type, object defaultValue, string description, int? minimum, int? maximum)
        {
            Name = name;
            Type = type;
            Default = defaultValue;
            Description = description;
            Minimum = minimum;
            Maximum = maximum;
        }

        /// <summary>The key under <c>controls.&lt;id&gt;.parameters</c> in the settings file (exact case).</summary>
        public string Name { get; }

        public ControlParameterType Type { get; }

        /// <summary>The value used when the settings do not set one: an int, or a read-only list of strings.</summary>
        public object Default { get; }

        public string Description { get; }

        /// <summary>The smallest value an Integer parameter accepts.</summary>
        public int? Minimum { get; }

        /// <summary>The largest value an Integer parameter accepts.</summary>
        public int? Maximum { get; }

        public static ControlParameter WholeNumber(string name, int defaultValue, string description, int minimum, int maximum) =>
            new ControlParameter(name, ControlParameterType.WholeNumber, defaultValue, description, minimum, maximum);

        /// <summary>A list of strings; empty by default.</summary>
        public static ControlParameter StringList(string name, string description) =>
            new ControlParameter(name, ControlParameterType.StringList, new ReadOnlyCollection<string>(Array.Empty<string>()), description, null, null);

        /// <summary>The default as the docs show it.</summary>
        public string DefaultText => Default is int number
            ? number.ToString(CultureInfo.InvariantCulture)
            : "[" + string.Join(", ", ((IEnumerable<string>)Default).Select(s => "\"" + s + "\"")) + "]";

        /// <summary>The type as the docs show it, with its range.</summary>
        public string TypeText => Type == ControlParameterType.WholeNumber
            ? string.Format(CultureInfo.InvariantCulture, "integer {0}..{1}", Minimum, Maximum)
            : "array of strings";

        /// <summary>The value of <paramref name="value"/> for this parameter, or null with <paramref name="reason"/> saying why it is refused.</summary>
        internal object? Parse(JsonElement value, out string reason)
        {
            reason = string.Empty;
            switch (Type)
            {
                case ControlParameterType.WholeNumber:
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
                    {
                        reason = $"must be a whole number ({TypeText}), not {Describe(value)}.";
                        return null;
                    }

                    if (number < Minimum || number > Maximum)
                    {
                        reason = $"must be between {Minimum} and {Maximum}, not {number}.";
                        return null;
                    }

                    return number;
                default:
                    if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString())))
                    {
                        reason = $"must be an array of non-empty strings, not {Describe(value)}.";
                        return null;
                    }

                    return new ReadOnlyCollection<string>(value.EnumerateArray().Select(e => e.GetString()!).ToArray());
            }
        }

        internal static string Describe(JsonElement value)
        {
            var text = value.GetRawText();
            return text.Length > 40 ? text.Substring(0, 40) + "..." : text;
        }

        public override string ToString() => Name;
    }

    /// <summary>The parameter values one control runs with: those the settings set, the declared defaults for the rest.</summary>
    public sealed class ControlParameterValues
    {
        private readonly IReadOnlyList<ControlParameter> _declared;
        private readonly IReadOnlyDictionary<string, object> _configured;

        internal ControlParameterValues(IReadOnlyList<ControlParameter> declared, IReadOnlyDictionary<string, object>? configured)
        {
            _declared = declared;
            _configured = configured ?? new Dictionary<string, object>();
        }

        public int GetWholeNumber(string name) => (int)Get(name, ControlParameterType.WholeNumber);

        public IReadOnlyList<string> GetStringList(string name) => (IReadOnlyList<string>)Get(name, ControlParameterType.StringList);

        private object Get(string name, ControlParameterType type)
        {
            // A control reading a parameter it did not declare is a bug in the control, not in the settings.
            var parameter = _declared.FirstOrDefault(p => p.Name == name && p.Type == type)
                ?? throw new InvalidOperationException($"The control reads parameter '{name}' ({type}) but does not declare it.");
            return _configured.TryGetValue(parameter.Name, out var value) ? value : parameter.Default;
        }
    }
}
