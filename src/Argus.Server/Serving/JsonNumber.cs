namespace Argus.Server.Serving;

/// <summary>
/// The common case of a JSON number, converted without the general parser: at most 2^53 in its digits and a power of
/// ten within 10^±22, where one IEEE multiplication or division of two exact doubles is the correctly rounded value
/// (Clinger's fast path). That is the double <see cref="System.Text.Json.Utf8JsonReader.TryGetDouble"/> returns, bit
/// for bit; anything else (more digits, a larger exponent) is left to it.
/// </summary>
internal static class JsonNumber
{
    private const ulong MaxExact = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Converts a number token the reader has already validated; false when it needs the general parser.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        ulong digits = 0;
        var exponent = 0;
        uint d;
        while (i < text.Length && (d = (uint)(text[i] - '0')) <= 9)
        {
            digits = (digits * 10) + d;
            if (digits > MaxExact)
            {
                return false;
            }

            i++;
        }

        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            while (i < text.Length && (d = (uint)(text[i] - '0')) <= 9)
            {
                digits = (digits * 10) + d;
                if (digits > MaxExact)
                {
                    return false;
                }

                exponent--;
                i++;
            }
        }

        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            var negativeExponent = false;
            if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
            {
                negativeExponent = text[i] == (byte)'-';
                i++;
            }

            var written = 0;
            while (i < text.Length && (d = (uint)(text[i] - '0')) <= 9)
            {
                written = (written * 10) + (int)d;
                if (written > 1000)
                {
                    return false;
                }

                i++;
            }

            exponent += negativeExponent ? -written : written;
        }

        if (i != text.Length)
        {
            return false;
        }

        double magnitude;
        if (digits == 0)
        {
            magnitude = 0;
        }
        else if (exponent == 0)
        {
            magnitude = digits;
        }
        else if (exponent > 0 && exponent < PowersOfTen.Length)
        {
            magnitude = digits * PowersOfTen[exponent];
        }
        else if (exponent < 0 && -exponent < PowersOfTen.Length)
        {
            magnitude = digits / PowersOfTen[-exponent];
        }
        else
        {
            return false;
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }
}
