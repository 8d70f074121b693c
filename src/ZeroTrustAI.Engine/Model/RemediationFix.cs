using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustAI.Engine.Model
{
    /// <summary>The language a <see cref="RemediationFix"/> is written in.</summary>
    public enum FixLanguage
    {
        /// <summary>Azure CLI commands (bash quoting).</summary>
        AzureCli,

        /// <summary>PowerShell: Microsoft Graph PowerShell or Az PowerShell commands.</summary>
        PowerShell,

        /// <summary>A Bicep fragment to merge into the resource's template.</summary>
        Bicep,
    }

    /// <summary>
    /// A runnable fix for the one target a failed result names. The module prints and exports it and never runs it:
    /// a person reads it, tests it and runs it with their own rights. Tenant-controlled text in it is quoted by
    /// <see cref="Quote"/>, so a hostile display name cannot turn into a command.
    /// </summary>
    public sealed class RemediationFix
    {
        private string? _script;
        private readonly Func<string>? _write;

        public RemediationFix(FixLanguage language, string script)
        {
            Language = language;
            _script = script ?? throw new ArgumentNullException(nameof(script));
        }

        private RemediationFix(FixLanguage language, Func<string> write)
        {
            Language = language;
            _write = write;
        }

        public FixLanguage Language { get; }

        /// <summary>The script, one command per line; comment lines start with '#' (also in Bicep, as '//').</summary>
        public string Script
        {
            get
            {
                // Written on first read (see Later); two threads reading at once both write the same text.
                return _script ??= _write!();
            }
        }

        /// <summary>The language as a code fence names it: bash, powershell, bicep.</summary>
        public string FenceName => Language switch
        {
            FixLanguage.AzureCli => "bash",
            FixLanguage.PowerShell => "powershell",
            _ => "bicep",
        };

        public static RemediationFix AzureCli(params string[] lines) => new RemediationFix(FixLanguage.AzureCli, Join(lines));

        public static RemediationFix PowerShell(params string[] lines) => new RemediationFix(FixLanguage.PowerShell, Join(lines));

        public static RemediationFix Bicep(params string[] lines) => new RemediationFix(FixLanguage.Bicep, Join(lines));

        /// <summary>
        /// A fix whose text is written when it is first read. A large tenant fails tens of thousands of targets and few
        /// fixes are ever read, so the controls that fail most take what the text needs when they judge and write the
        /// lines later. <paramref name="state"/> is all the writer sees (the writer is static): plain values taken
        /// from the snapshot (ids, names), never its objects, so a result kept after the snapshot is gone does not
        /// keep the snapshot alive.
        /// </summary>
        public static RemediationFix Later<TState>(FixLanguage language, TState state, Func<TState, IEnumerable<string>> lines)
        {
            if (lines == null)
            {
                throw new ArgumentNullException(nameof(lines));
            }

            return new RemediationFix(language, () => Join(lines(state)));
        }

        public override string ToString() => Script;

        private static string Join(IEnumerable<string> lines) => string.Join("\n", lines.Where(l => l != null));
    }

    /// <summary>Quoting of tenant-controlled values for the scripts of a <see cref="RemediationFix"/>.</summary>
    public static class Quote
    {
        /// <summary>A POSIX shell single-quoted word (for az CLI): no expansion of any kind inside.</summary>
        public static string Shell(string? value) => "'" + (value ?? string.Empty).Replace("'", "'\\''") + "'";

        /// <summary>A PowerShell single-quoted string: no expansion; quotes (including typographic ones) doubled.</summary>
        public static string PowerShell(string? value)
        {
            var text = value ?? string.Empty;
            var builder = new System.Text.StringBuilder(text.Length + 2).Append('\'');
            foreach (var c in text)
            {
                // PowerShell treats the typographic single quotes as quotes too.
                if (c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B')
                {
                    builder.Append(c);
                }

                builder.Append(c);
            }

            return builder.Append('\'').ToString();
        }

        /// <summary>Text for a comment line: line breaks and other control characters become spaces, so it cannot end the comment.</summary>
        public static string Comment(string? value)
        {
            var chars = (value ?? string.Empty).ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsControl(chars[i]) || chars[i] == '\u2028' || chars[i] == '\u2029' || chars[i] == '\u0085')
                {
                    chars[i] = ' ';
                }
            }

            return new string(chars);
        }

        /// <summary>A Bicep single-quoted string: backslash and quote escaped, and '${' kept literal.</summary>
        public static string Bicep(string? value) =>
            "'" + (value ?? string.Empty).Replace("\\", "\\\\").Replace("'", "\\'").Replace("${", "\\${").Replace("\n", "\\n").Replace("\r", "\\r") + "'";
    }
}
