using System.Text;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>Makes untrusted text inert in (GitHub-flavoured) Markdown, inside table cells and paragraphs alike.</summary>
    internal static class MarkdownText
    {
        /// <summary>
        /// Backslash-escapes the characters that start Markdown or HTML constructs (emphasis, code, links, raw HTML,
        /// entities, strike-through, table cells) and turns line breaks into &lt;br&gt; so a value can never start
        /// a line of its own (a heading, a list, a new table row).
        /// </summary>
        public static string Escape(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return string.Empty;
            }

            var text = new StringBuilder(value!.Length + 8);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '\\':
                    case '`':
                    case '*':
                    case '_':
                    case '[':
                    case ']':
                    case '<':
                    case '>':
                    case '|':
                    case '&':
                    case '~':
                        text.Append('\\').Append(c);
                        break;
                    case '\r':
                        if (i + 1 < value.Length && value[i + 1] == '\n')
                        {
                            i++;
                        }

                        text.Append("<br>");
                        break;
                    case '\n':
                        text.Append("<br>");
                        break;
                    default:
                        text.Append(char.IsControl(c) && c != '\t' ? '\uFFFD' : c);
                        break;
                }
            }

            return text.ToString();
        }

        /// <summary>
        /// A code span holding the text literally: fenced with one more backtick than the longest run inside, line
        /// breaks as spaces, and | escaped (GitHub splits table cells on | even inside code spans).
        /// </summary>
        public static string Code(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return string.Empty;
            }

            var content = new StringBuilder(value!.Length);
            int longestRun = 0, run = 0;
            foreach (var c in value)
            {
                run = c == '`' ? run + 1 : 0;
                if (run > longestRun)
                {
                    longestRun = run;
                }

                content.Append(c switch
                {
                    '\r' or '\n' => " ",
                    '|' => "\\|",
                    _ => char.IsControl(c) && c != '\t' ? "\uFFFD" : c.ToString(),
                });
            }

            var fence = new string('`', longestRun + 1);
            var inner = content.ToString();

            // A space on each side keeps a leading or trailing backtick from merging with the fence.
            var pad = inner.StartsWith("`", System.StringComparison.Ordinal) || inner.EndsWith("`", System.StringComparison.Ordinal) ? " " : string.Empty;
            return fence + pad + inner + pad + fence;
        }
    }
}
