using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// The constant stylesheet and script of the HTML report (Reporting/Html/report.css and report.js, embedded), and
    /// their SHA-256 hashes for the Content-Security-Policy: the page runs exactly this script and this style and
    /// nothing else, so even markup that slipped past encoding could not run script or load anything. The results
    /// travel in a JSON data block, which is never executed.
    /// </summary>
    internal static class HtmlReportAssets
    {
        public static readonly string Style = Resource("ZeroTrustAI.Report.css");

        public static readonly string Script = Resource("ZeroTrustAI.Report.js");

        public static readonly string StyleHash = Sha256(Style);

        public static readonly string ScriptHash = Sha256(Script);

        /// <summary>No default sources: only the hashed style and script; no images, fonts, frames, forms or base changes.</summary>
        public static readonly string ContentSecurityPolicy =
            "default-src 'none'; style-src 'sha256-" + StyleHash + "'; script-src 'sha256-" + ScriptHash + "'; " +
            "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'";

        private static string Resource(string name)
        {
            using var stream = typeof(HtmlReportAssets).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException("The report asset '" + name + "' is missing from the engine.");
            using var reader = new StreamReader(stream, Encoding.UTF8);

            // Line endings are fixed so that the hash does not depend on how the file was checked out.
            return reader.ReadToEnd().Replace("\r\n", "\n");
        }

        private static string Sha256(string text)
        {
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }
    }
}
