namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Floating-point summation in exactly numpy's order, so that sums are bit-identical to <c>np.sum</c> on a float64
/// array (contiguous or a 2-D view taken in C order). numpy's add-reduce hands the inner loop 8192 elements at a
/// time (its ufunc buffer size); each block is summed pairwise (leaves of at most 128 terms with eight running
/// accumulators) and the block sums are added in order. Bit-equality matters where Evidently compares sums for
/// ties, as the permutation tests do.
/// </summary>
internal static class NumpySum
{
    /// <summary>numpy's default ufunc buffer size, in elements.</summary>
    public const int BufferSize = 8192;

    private const int BlockSize = 128;

    /// <summary>The sum of <paramref name="values"/> as <c>np.sum</c> computes it.</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        var total = 0.0;
        for (var start = 0; start < values.Length; start += BufferSize)
        {
            total += Pairwise(values.Slice(start, Math.Min(BufferSize, values.Length - start)));
        }

        return total;
    }

    /// <summary>The sum of the next <paramref name="count"/> terms of <paramref name="source"/>, in numpy's order.</summary>
    public static double Sum<TSource>(ref TSource source, long count)
        where TSource : struct, ITermSource, allows ref struct
    {
        var total = 0.0;
        for (var start = 0L; start < count; start += BufferSize)
        {
            total += Pairwise(ref source, (int)Math.Min(BufferSize, count - start));
        }

        return total;
    }

    /// <summary>The mean as <c>np.mean</c> computes it: the numpy sum divided by the count.</summary>
    public static double Mean(ReadOnlySpan<double> values) => Sum(values) / values.Length;

    /// <summary>
    /// The population variance as numpy's <c>_var</c> (and pandas' <c>nanvar</c>) computes it: the numpy mean of the
    /// squared deviations from the numpy mean.
    /// </summary>
    public static double PopulationVariance(ReadOnlySpan<double> values)
    {
        var mean = Mean(values);
        var squares = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Min(values.Length, BufferSize));
        try
        {
            var total = 0.0;
            for (var start = 0; start < values.Length; start += BufferSize)
            {
                var block = values.Slice(start, Math.Min(BufferSize, values.Length - start));
                var deviations = squares.AsSpan(0, block.Length);
                for (var i = 0; i < block.Length; i++)
                {
                    var d = block[i] - mean;
                    deviations[i] = d * d;
                }

                total += Pairwise(deviations);
            }

            return total / values.Length;
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(squares);
        }
    }

    private static double Pairwise(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var res = 0.0;
            for (var i = 0; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        if (n <= BlockSize)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }

            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        var n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }

    private static double Pairwise<TSource>(ref TSource s, int n)
        where TSource : struct, ITermSource, allows ref struct
    {
        if (n < 8)
        {
            var res = 0.0;
            for (var i = 0; i < n; i++)
            {
                res += s.Next();
            }

            return res;
        }

        if (n <= BlockSize)
        {
            double r0 = s.Next(), r1 = s.Next(), r2 = s.Next(), r3 = s.Next();
            double r4 = s.Next(), r5 = s.Next(), r6 = s.Next(), r7 = s.Next();
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += s.Next();
                r1 += s.Next();
                r2 += s.Next();
                r3 += s.Next();
                r4 += s.Next();
                r5 += s.Next();
                r6 += s.Next();
                r7 += s.Next();
            }

            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += s.Next();
            }

            return res;
        }

        var n2 = n / 2;
        n2 -= n2 % 8;
        var left = Pairwise(ref s, n2);
        return left + Pairwise(ref s, n - n2);
    }
}
