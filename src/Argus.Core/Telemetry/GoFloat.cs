using System.Globalization;

namespace Argus.Core.Telemetry;

/// <summary>
/// Formats doubles as Prometheus' Go clients do: <c>strconv.FormatFloat(v, 'g', -1, 64)</c> (shortest round-trip
/// digits, exponent form when the decimal exponent is below -4 or at least 6, at least two exponent digits) with
/// client_golang's spellings <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c> and <c>0</c> for negative zero. Writes ASCII
/// bytes without allocating.
/// </summary>
internal static class GoFloat
{
    /// <summary>More than the longest output (<c>-2.2250738585072014e-308</c> is 24 bytes).</summary>
    public const int MaxLength = 32;

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) and returns the length.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Copy("NaN"u8, destination);
        }

        if (double.IsPositiveInfinity(value))
        {
            return Copy("+Inf"u8, destination);
        }

        if (double.IsNegativeInfinity(value))
        {
            return Copy("-Inf"u8, destination);
        }

        if (value == 0)
        {
            // Also -0: client_golang writes 0.
            destination[0] = (byte)'0';
            return 1;
        }

        // "R" gives the shortest round-trip digits (since .NET Core 3.0), in its own layout: "123.45", "1E-05",
        // "1.2345E+21". Read the digits and the decimal exponent out of it, then lay them out as Go does.
        Span<byte> text = stackalloc byte[MaxLength];
        if (!Math.Abs(value).TryFormat(text, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A double did not fit the formatting buffer.");
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        var count = 0;
        var pointAt = -1;
        var exponent = 0;
        for (var i = 0; i < written; i++)
        {
            var c = text[i];
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                digits[count++] = c;
            }
            else if (c == (byte)'.')
            {
                pointAt = count;
            }
            else if (c is (byte)'E' or (byte)'e')
            {
                exponent = int.Parse(text[(i + 1)..written], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
        }

        if (pointAt < 0)
        {
            pointAt = count;
        }

        var first = 0;
        while (first < count - 1 && digits[first] == (byte)'0')
        {
            first++;
        }

        // The decimal exponent of the first significant digit.
        var x = pointAt - first - 1 + exponent;
        var last = count;
        while (last > first + 1 && digits[last - 1] == (byte)'0')
        {
            last--;
        }

        var significant = digits[first..last];
        var n = 0;
        if (value < 0)
        {
            destination[n++] = (byte)'-';
        }

        if (x < -4 || x >= 6)
        {
            destination[n++] = significant[0];
            if (significant.Length > 1)
            {
                destination[n++] = (byte)'.';
                significant[1..].CopyTo(destination[n..]);
                n += significant.Length - 1;
            }

            destination[n++] = (byte)'e';
            destination[n++] = x < 0 ? (byte)'-' : (byte)'+';
            var magnitude = Math.Abs(x);
            if (magnitude >= 100)
            {
                destination[n++] = (byte)('0' + (magnitude / 100));
            }

            destination[n++] = (byte)('0' + (magnitude / 10 % 10));
            destination[n++] = (byte)('0' + (magnitude % 10));
            return n;
        }

        if (x < 0)
        {
            destination[n++] = (byte)'0';
            destination[n++] = (byte)'.';
            for (var i = 0; i < -x - 1; i++)
            {
                destination[n++] = (byte)'0';
            }

            significant.CopyTo(destination[n..]);
            return n + significant.Length;
        }

        if (significant.Length <= x + 1)
        {
            significant.CopyTo(destination[n..]);
            n += significant.Length;
            for (var i = significant.Length; i < x + 1; i++)
            {
                destination[n++] = (byte)'0';
            }

            return n;
        }

        significant[..(x + 1)].CopyTo(destination[n..]);
        n += x + 1;
        destination[n++] = (byte)'.';
        significant[(x + 1)..].CopyTo(destination[n..]);
        return n + significant.Length - (x + 1);
    }

    /// <summary>
    /// client_golang's OpenMetrics spelling: the same text, with <c>.0</c> added when it would otherwise read as an
    /// integer (<c>1.0</c>, <c>0.0</c>, <c>10.0</c>; <c>1e+06</c>, <c>+Inf</c> and <c>NaN</c> unchanged).
    /// </summary>
    public static int FormatOpenMetrics(double value, Span<byte> destination)
    {
        var n = Format(value, destination);
        foreach (var c in destination[..n])
        {
            if (c is not ((>= (byte)'0' and <= (byte)'9') or (byte)'-'))
            {
                return n;
            }
        }

        destination[n] = (byte)'.';
        destination[n + 1] = (byte)'0';
        return n + 2;
    }

    /// <summary>The Go text as a string (for tests and diagnostics).</summary>
    public static string Format(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(buffer[..Format(value, buffer)]);
    }

    /// <summary>The OpenMetrics text as a string (for tests and diagnostics).</summary>
    public static string FormatOpenMetrics(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(buffer[..FormatOpenMetrics(value, buffer)]);
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
