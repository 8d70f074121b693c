using System;
using System.Runtime.InteropServices;
using System.Security;

namespace ZeroTrustAI.Collector.Connection
{
    internal static class SecureStrings
    {
        /// <summary>The plain text of a SecureString, for the one call that needs it (Azure.Identity takes strings).</summary>
        public static string? ToPlainText(SecureString? secure)
        {
            if (secure == null)
            {
                return null;
            }

            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}
