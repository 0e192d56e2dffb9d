namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// The small numeric building blocks shared by the quality and performance calculations, written to give numpy's and
/// pandas' answers: compensated sums, two-pass variance, numpy's linear quantile and <c>linspace</c>.
/// </summary>
internal static class NumericKernels
{
    /// <summary>
    /// The sum of <paramref name="values"/>, Neumaier-compensated so that 10M-row sums stay within a few ulps (numpy's
    /// pairwise sum is as good). Infinite inputs give numpy's answer (±inf, or NaN for +inf and -inf together).
    /// </summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0, compensation = 0, plain = 0;
        foreach (var x in values)
        {
            plain += x;
            Add(x, ref sum, ref compensation);
        }

        return double.IsFinite(plain) ? sum + compensation : plain;
    }

    /// <summary>The arithmetic mean; NaN for an empty span.</summary>
    public static double Mean(ReadOnlySpan<double> values) =>
        values.IsEmpty ? double.NaN : Sum(values) / values.Length;

    /// <summary>
    /// The variance with <paramref name="ddof"/> delta degrees of freedom around <paramref name="mean"/> (two passes, as
    /// pandas' <c>nanvar</c>); NaN when fewer than <paramref name="ddof"/> + 1 values.
    /// </summary>
    public static double Variance(ReadOnlySpan<double> values, double mean, int ddof) =>
        values.Length - ddof <= 0 ? double.NaN : SumOfSquaredDeviations(values, mean) / (values.Length - ddof);

    /// <summary>Σ (x − <paramref name="mean"/>)², compensated.</summary>
    public static double SumOfSquaredDeviations(ReadOnlySpan<double> values, double mean)
    {
        double sum = 0, compensation = 0;
        foreach (var x in values)
        {
            var d = x - mean;
            Add(d * d, ref sum, ref compensation);
        }

        return sum + compensation;
    }

    /// <summary>One Neumaier step: adds <paramref name="x"/> to a compensated sum.</summary>
    public static void Add(double x, ref double sum, ref double compensation)
    {
        var t = sum + x;
        compensation += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }

    /// <summary>The standard deviation with <paramref name="ddof"/> (1 = pandas' default); NaN when undefined.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values, int ddof) =>
        Math.Sqrt(Variance(values, Mean(values), ddof));

    /// <summary>
    /// numpy's default (<c>method="linear"</c>) quantile of an ascending span, reproducing numpy 1.24's index and
    /// <c>_lerp</c> arithmetic bit for bit, infinities included (which can give NaN, as in numpy). NaN when empty.
    /// </summary>
    public static double QuantileSorted(ReadOnlySpan<double> sorted, double q)
    {
        var n = sorted.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        var virtualIndex = (n - 1) * q;
        int previous, next;
        double gamma;
        if (virtualIndex >= n - 1)
        {
            // numpy points both indexes at -1 (the last element), which makes gamma = virtual index + 1.
            previous = next = n - 1;
            gamma = virtualIndex + 1;
        }
        else if (virtualIndex < 0)
        {
            previous = next = 0;
            gamma = virtualIndex;
        }
        else
        {
            var floor = Math.Floor(virtualIndex);
            previous = (int)floor;
            next = previous + 1;
            gamma = virtualIndex - floor;
        }

        return Lerp(sorted[previous], sorted[next], gamma);
    }

    /// <summary>numpy's <c>median</c> of an ascending span: the middle value, or the mean of the two middle values; NaN when empty.</summary>
    public static double MedianSorted(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>numpy's <c>_lerp</c>: <c>a + (b - a)·t</c>, or <c>b - (b - a)·(1 - t)</c> when t ≥ 0.5.</summary>
    public static double Lerp(double a, double b, double t)
    {
        var diff = b - a;
        return t >= 0.5 ? b - (diff * (1 - t)) : a + (diff * t);
    }

    /// <summary>numpy's <c>linspace(start, stop, num)</c> with the end point: <c>start + i·step</c>, the last set to stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var result = new double[num];
        if (num == 0)
        {
            return result;
        }

        var div = num - 1;
        var delta = stop - start;
        var step = div > 0 ? delta / div : double.NaN;
        for (var i = 0; i < num; i++)
        {
            // numpy divides first and multiplies by delta when the step underflows to zero (or is undefined).
            result[i] = div <= 0 ? (i * delta) + start
                : step == 0 ? (i / (double)div * delta) + start
                : (i * step) + start;
        }

        if (num > 1)
        {
            result[^1] = stop;
        }

        return result;
    }

    /// <summary>Copies the values that are not NaN (infinities kept) into <paramref name="destination"/>; returns how many.</summary>
    public static int CopyNotNaN(ReadOnlySpan<double> source, Span<double> destination)
    {
        var count = 0;
        foreach (var x in source)
        {
            if (!double.IsNaN(x))
            {
                destination[count++] = x;
            }
        }

        return count;
    }

    /// <summary>Copies the finite values into <paramref name="destination"/>; returns how many.</summary>
    public static int CopyFinite(ReadOnlySpan<double> source, Span<double> destination)
    {
        var count = 0;
        foreach (var x in source)
        {
            if (double.IsFinite(x))
            {
                destination[count++] = x;
            }
        }

        return count;
    }
}
