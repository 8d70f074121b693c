using System;
using System.Text.RegularExpressions;

namespace ZeroTrustAI.Collector.Connection
{
    /// <summary>
    /// Scrubs credentials from text before it is logged: bearer tokens, bare JWTs, and the values of client_secret,
    /// client_assertion, code, password, access_token, refresh_token and id_token in query strings, form bodies,
    /// JSON and "name=value" / "name: value" text. Anything that reaches verbose output or an error message goes
    /// through <see cref="Redact(string)"/>.
    /// </summary>
    public static class RedactingLog
    {
        public const string Mask = "***";

        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

        private static readonly Regex Bearer = new Regex(
            @"(?<prefix>\b(?:Bearer|PoP)\s+)[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);

        // A JWT: three base64url parts, the first of which starts with the encoding of '{"'.
        private static readonly Regex Jwt = new Regex(
            @"\beyJ[A-Za-z0-9\-_]{5,}\.[A-Za-z0-9\-_]{5,}\.[A-Za-z0-9\-_]*", RegexOptions.CultureInvariant, Timeout);

        // Names whose values are credentials wherever they appear.
        private const string SecretNames = @"client_secret|clientsecret|client_assertion|clientassertion|password|passwd|pwd|access_token|accesstoken|refresh_token|id_token|assertion|secret|sig";

        // JSON: "name": "value"
        private static readonly Regex JsonValue = new Regex(
            "(?<prefix>\"(?:" + SecretNames + ")\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(?=\")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);

        // Query strings, form bodies and plain text: name=value or name: value, up to a separator. The OAuth
        // authorization "code" is masked only in its query/form shape (code=...), so error codes in Graph and ARM
        // messages ("code": "Authorization_RequestDenied") stay readable.
        private static readonly Regex NameValue = new Regex(
            @"(?<prefix>(?<![A-Za-z0-9_])(?:(?:" + SecretNames + @")\s*[=:]\s*|code=))(?!\*\*\*)[^&\s,;""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);

        /// <summary>The text with every credential value replaced by ***; null stays null.</summary>
        public static string? Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text;
            }

            var result = Bearer.Replace(text, match => match.Groups["prefix"].Value + Mask);
            result = Jwt.Replace(result, Mask);
            result = JsonValue.Replace(result, match => match.Groups["prefix"].Value + Mask);
            result = NameValue.Replace(result, match => match.Groups["prefix"].Value + Mask);
            return result;
        }

        /// <summary>A URL fit for a log line: its query values that carry credentials masked.</summary>
        public static string Redact(Uri? uri) => uri == null ? string.Empty : Redact(uri.ToString()) ?? string.Empty;
    }
}
