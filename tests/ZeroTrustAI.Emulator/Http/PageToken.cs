using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ZeroTrustAI.Emulator.Http
{
    /// <summary>
    /// Opaque, stateless paging tokens ($skiptoken, $skipToken): the offset of the next item plus a fingerprint of the
    /// query it belongs to, so a token is refused on another query and still works after an emulator restart
    /// (a resumed collection replays the saved next link).
    /// </summary>
    internal static class PageToken
    {
        public static string Create(int offset, string scope) =>
            WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("ztai-emu:" + offset.ToString(CultureInfo.InvariantCulture) + ":" + Fingerprint(scope)));

        /// <summary>The offset in the token, or null when the token is malformed or belongs to another query.</summary>
        public static int? TryRead(string token, string scope)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token)).Split(':');
                if (parts.Length == 3 && parts[0] == "ztai-emu" && parts[2] == Fingerprint(scope) &&
                    int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                {
                    return offset;
                }
            }
            catch (FormatException)
            {
            }

            return null;
        }

        private static string Fingerprint(string scope) =>
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(scope.ToUpperInvariant())), 0, 8);
    }
}
