using System;
using System.Globalization;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>
    /// The continuations the ARM collector records in checkpoint.json (opaque to the writer):
    /// Resource Graph: the <c>$skipToken</c> of the next page; after the first batch of 1000 subscriptions it is prefixed
    /// with the batch number, <c>&lt;batch&gt;|&lt;skipToken&gt;</c> (<c>&lt;batch&gt;|</c> = that batch's first page).
    /// Skip tokens are base64 and never hold '|'.
    /// Per parent: the index of the next parent (decimal) in the parent collections' saved order.
    /// </summary>
    internal static class ArmContinuation
    {
        public static string FormatResourceGraph(int batch, string? skipToken) =>
            batch == 0 ? skipToken ?? string.Empty : batch.ToString(CultureInfo.InvariantCulture) + "|" + skipToken;

        public static (int Batch, string? SkipToken) ParseResourceGraph(string? continuation)
        {
            if (string.IsNullOrEmpty(continuation))
            {
                return (0, null);
            }

            var bar = continuation!.IndexOf('|');
            if (bar > 0 && int.TryParse(continuation.Substring(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var batch))
            {
                var token = continuation.Substring(bar + 1);
                return (batch, token.Length == 0 ? null : token);
            }

            return (0, continuation);
        }

        public static string FormatParentIndex(int index) => index.ToString(CultureInfo.InvariantCulture);

        public static int ParseParentIndex(string? continuation)
        {
            if (string.IsNullOrEmpty(continuation))
            {
                return 0;
            }

            return int.TryParse(continuation, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? index
                : throw new ArmRequestException($"The saved position '{continuation}' is not a parent index; start a new snapshot.");
        }
    }
}
