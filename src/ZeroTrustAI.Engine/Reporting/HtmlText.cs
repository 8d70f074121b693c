using System.IO;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// Writes untrusted text into HTML, safe both as element content and inside a double- or single-quoted attribute
    /// value: &amp; &lt; &gt; " and ' become character references, and control characters (which HTML forbids) become
    /// U+FFFD. Written character by character straight to the output, so nothing is built as a string.
    /// </summary>
    internal static class HtmlText
    {
        public static void Write(TextWriter output, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            foreach (var c in value!)
            {
                switch (c)
                {
                    case '&':
                        output.Write("&amp;");
                        break;
                    case '<':
                        output.Write("&lt;");
                        break;
                    case '>':
                        output.Write("&gt;");
                        break;
                    case '"':
                        output.Write("&quot;");
                        break;
                    case '\'':
                        output.Write("&#39;");
                        break;
                    default:
                        output.Write(char.IsControl(c) && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
                        break;
                }
            }
        }

        /// <summary>Encodes a value (for tests and small strings).</summary>
        public static string Encode(string? value)
        {
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            Write(text, value);
            return text.ToString();
        }
    }
}
