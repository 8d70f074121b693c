using System;
using System.Text;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Reporting.Zta
{
    /// <summary>
    /// The report data inside a Zero Trust Assessment HTML report. ZTA puts its report JSON into the page as
    /// <c>reportData= &lt;json&gt;</c> in place of the template's demo object, and the page's script follows the JSON.
    /// </summary>
    public static class ZtaReportHtml
    {
        private static readonly byte[] Marker = Encoding.ASCII.GetBytes("reportData=");

        /// <summary>
        /// Where the embedded report JSON starts and how long it is, in the page's UTF-8 bytes: the first
        /// 'reportData=' followed by a JSON object (the page's script may use the name elsewhere too).
        /// </summary>
        public static (int Start, int Length) FindReportData(byte[] html)
        {
            if (html == null)
            {
                throw new ArgumentNullException(nameof(html));
            }

            var from = 0;
            string? problem = null;
            while (from < html.Length)
            {
                var marker = new ReadOnlySpan<byte>(html, from, html.Length - from).IndexOf(Marker);
                if (marker < 0)
                {
                    break;
                }

                var start = from + marker + Marker.Length;
                from = start;
                while (start < html.Length && (html[start] == (byte)' ' || html[start] == (byte)'\t' || html[start] == (byte)'\r' || html[start] == (byte)'\n'))
                {
                    start++;
                }

                if (start >= html.Length || html[start] != (byte)'{')
                {
                    continue;
                }

                // One JSON value, then the page's script: the reader stops at the end of the value and reads no further.
                var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(html, start, html.Length - start), new JsonReaderOptions { MaxDepth = 256 });
                try
                {
                    reader.Read();
                    reader.Skip();
                    return (start, (int)reader.BytesConsumed);
                }
                catch (JsonException exception)
                {
                    problem = exception.Message;
                }
            }

            throw new FormatException(problem == null
                ? "The page holds no 'reportData=' with a JSON object: it is not a Zero Trust Assessment HTML report."
                : "The page's reportData is not valid JSON: " + problem);
        }

        /// <summary>The page with its embedded report JSON replaced by what <paramref name="replace"/> makes of it; every other byte is kept.</summary>
        public static byte[] Reembed(byte[] html, Func<byte[], byte[]> replace)
        {
            if (replace == null)
            {
                throw new ArgumentNullException(nameof(replace));
            }

            var (start, length) = FindReportData(html);
            var original = new byte[length];
            Buffer.BlockCopy(html, start, original, 0, length);
            var replacement = replace(original);

            var result = new byte[html.Length - length + replacement.Length];
            Buffer.BlockCopy(html, 0, result, 0, start);
            Buffer.BlockCopy(replacement, 0, result, start, replacement.Length);
            Buffer.BlockCopy(html, start + length, result, start + replacement.Length, html.Length - start - length);
            return result;
        }
    }
}
