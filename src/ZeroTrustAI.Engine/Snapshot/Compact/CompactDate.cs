using System;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// A UTC timestamp as Graph writes it (<c>2025-06-12T09:00:00Z</c>, or with 1 to 7 digits of fraction) in one
    /// long: the ticks and the number of fraction digits, so the text comes back exactly as read. Such dates are
    /// nearly unique per record (an assignment's createdDateTime), so interning them would keep a string each.
    /// </summary>
    internal static class CompactDate
    {
        /// <summary>JSON null.</summary>
        public const long Null = -1;

        /// <summary>Absent, or kept in the record's JSON because it is not in the form above.</summary>
        public const long Missing = -2;

        private const int FractionDigits = 7;

        /// <summary>Encodes the exact text, or returns false when it is not in the one form that round-trips.</summary>
        public static bool TryEncode(ReadOnlySpan<byte> utf8, out long encoded)
        {
            encoded = Missing;
            var length = utf8.Length;
            if (length < 20 || length == 21)
            {
                return false;
            }

            var digits = length == 20 ? 0 : length - 21;
            if (digits > FractionDigits || utf8[length - 1] != (byte)'Z'
                || utf8[4] != (byte)'-' || utf8[7] != (byte)'-' || utf8[10] != (byte)'T' || utf8[13] != (byte)':' || utf8[16] != (byte)':'
                || (digits > 0 && utf8[19] != (byte)'.'))
            {
                return false;
            }

            if (!TryNumber(utf8, 0, 4, out var year) || !TryNumber(utf8, 5, 2, out var month) || !TryNumber(utf8, 8, 2, out var day)
                || !TryNumber(utf8, 11, 2, out var hour) || !TryNumber(utf8, 14, 2, out var minute) || !TryNumber(utf8, 17, 2, out var second)
                || !TryNumber(utf8, 20, digits, out var fraction))
            {
                return false;
            }

            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            long fractionTicks = fraction;
            for (var pad = digits; pad < FractionDigits; pad++)
            {
                fractionTicks *= 10;
            }

            var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks;
            if (ticks > long.MaxValue >> 3)
            {
                return false; // after the year 3600 the digit count no longer fits beside the ticks
            }

            encoded = (ticks << 3) | (long)digits;
            return true;
        }

        /// <summary>The longest text an encoded date has: seconds, a point, 7 digits of fraction and the Z.</summary>
        public const int MaxLength = 28;

        /// <summary>The text an encoded date was read from; null for <see cref="Null"/> and <see cref="Missing"/>.</summary>
        public static string? Decode(long encoded)
        {
            if (encoded < 0)
            {
                return null;
            }

            var text = new byte[MaxLength];
            return System.Text.Encoding.ASCII.GetString(text, 0, Write(encoded, text));
        }

        /// <summary>
        /// Writes the text an encoded date was read from (ASCII, so also its UTF-8) and returns its length; the arena
        /// writes each date of every object it gives back, so no string is made on the way.
        /// </summary>
        public static int Write(long encoded, Span<byte> output)
        {
            var digits = (int)(encoded & 7);
            var ticks = encoded >> 3;
            var date = new DateTime(ticks, DateTimeKind.Utc);
            WriteDigits(output, 0, date.Year, 4);
            output[4] = (byte)'-';
            WriteDigits(output, 5, date.Month, 2);
            output[7] = (byte)'-';
            WriteDigits(output, 8, date.Day, 2);
            output[10] = (byte)'T';
            WriteDigits(output, 11, date.Hour, 2);
            output[13] = (byte)':';
            WriteDigits(output, 14, date.Minute, 2);
            output[16] = (byte)':';
            WriteDigits(output, 17, date.Second, 2);
            var length = 19;
            if (digits > 0)
            {
                // The first digits of the seven-digit fraction: those the text had (trailing zeros included).
                var fraction = ticks % TimeSpan.TicksPerSecond;
                for (var drop = digits; drop < FractionDigits; drop++)
                {
                    fraction /= 10;
                }

                output[19] = (byte)'.';
                WriteDigits(output, 20, (int)fraction, digits);
                length = 20 + digits;
            }

            output[length] = (byte)'Z';
            return length + 1;
        }

        private static void WriteDigits(Span<byte> output, int start, int value, int count)
        {
            for (var i = start + count - 1; i >= start; i--)
            {
                output[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }

        private static bool TryNumber(ReadOnlySpan<byte> utf8, int start, int count, out int value)
        {
            value = 0;
            for (var i = start; i < start + count; i++)
            {
                var digit = utf8[i] - (byte)'0';
                if (digit < 0 || digit > 9)
                {
                    return false;
                }

                value = (value * 10) + digit;
            }

            return true;
        }
    }
}
