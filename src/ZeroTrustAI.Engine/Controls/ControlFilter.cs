using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls
{
    /// <summary>
    /// Selects controls by pillar, principle, severity and id. Empty lists select everything; within one list any
    /// value matches; across lists all must match. Ids take wildcards (* ? [a-z]) and ignore case.
    /// </summary>
    public sealed class ControlFilter
    {
        public IReadOnlyCollection<Pillar> Pillars { get; set; } = Array.Empty<Pillar>();

        public IReadOnlyCollection<Principle> Principles { get; set; } = Array.Empty<Principle>();

        public IReadOnlyCollection<Severity> Severities { get; set; } = Array.Empty<Severity>();

        public IReadOnlyCollection<string> ControlIds { get; set; } = Array.Empty<string>();

        public bool Matches(ControlMetadata metadata)
        {
            if (Pillars.Count > 0 && !Pillars.Contains(metadata.Pillar))
            {
                return false;
            }

            if (Principles.Count > 0 && !Principles.Contains(metadata.Principle))
            {
                return false;
            }

            if (Severities.Count > 0 && !Severities.Contains(metadata.Severity))
            {
                return false;
            }

            return ControlIds.Count == 0 || ControlIds.Any(pattern => Wildcard.IsMatch(metadata.Id, pattern));
        }

        public IEnumerable<Control> Apply(IEnumerable<Control> controls) => controls.Where(c => Matches(c.Metadata));
    }

    /// <summary>PowerShell-style wildcard matching without a PowerShell dependency.</summary>
    public static class Wildcard
    {
        public static bool IsMatch(string value, string pattern) => ToRegex(pattern).IsMatch(value);

        public static bool HasWildcard(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        internal static Regex ToRegex(string pattern)
        {
            var builder = new StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                switch (c)
                {
                    case '*':
                        builder.Append(".*");
                        break;
                    case '?':
                        builder.Append('.');
                        break;
                    case '[':
                        var close = pattern.IndexOf(']', i + 1);
                        if (close > i + 1)
                        {
                            builder.Append('[').Append(pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\")).Append(']');
                            i = close;
                        }
                        else
                        {
                            builder.Append("\\[");
                        }

                        break;
                    case '`' when i + 1 < pattern.Length:
                        builder.Append(Regex.Escape(pattern[++i].ToString()));
                        break;
                    default:
                        builder.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            builder.Append('$');
            return new Regex(builder.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }
}
