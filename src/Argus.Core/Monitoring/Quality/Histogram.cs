namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// Equal-width bins over a column's finite values, as <c>numpy.histogram(values, bins=10)</c> makes them: the range
/// is [min, max] of the finite values (widened by ±0.5 when they are all equal); the last bin includes its right edge.
/// NaN and ±inf are left out (numpy refuses them). <see cref="Edges"/> has one more entry than <see cref="Counts"/>;
/// both are empty when the column has no finite value.
/// </summary>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts)
{
    /// <summary>numpy's default bin count.</summary>
    public const int DefaultBins = 10;

    /// <summary>A histogram with no bins (for a column with no finite value).</summary>
    public static Histogram Empty { get; } = new([], []);

    /// <summary>
    /// Bins <paramref name="values"/> into <paramref name="bins"/> equal-width bins over [<paramref name="low"/>,
    /// <paramref name="high"/>] (numpy's <c>range=</c>), or over the finite values' own range when both are NaN. Values
    /// outside the range are not counted, as in numpy. Reproduces numpy 1.24's bin-index arithmetic, edge cases included.
    /// </summary>
    public static Histogram Compute(ReadOnlySpan<double> values, int bins = DefaultBins, double low = double.NaN, double high = double.NaN)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double first, last;
        if (double.IsNaN(low) && double.IsNaN(high))
        {
            first = double.PositiveInfinity;
            last = double.NegativeInfinity;
            foreach (var x in values)
            {
                if (double.IsFinite(x))
                {
                    first = Math.Min(first, x);
                    last = Math.Max(last, x);
                }
            }

            if (first > last)
            {
                return Empty;
            }
        }
        else
        {
            if (!double.IsFinite(low) || !double.IsFinite(high) || low > high)
            {
                throw new ArgumentException($"Histogram range [{low}, {high}] must be finite and ordered.", nameof(low));
            }

            first = low;
            last = high;
        }

        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }

        var edges = NumericKernels.Linspace(first, last, bins + 1);
        var counts = new long[bins];
        var norm = bins / (last - first);
        foreach (var x in values)
        {
            if (!(x >= first && x <= last))
            {
                continue;
            }

            var index = (int)((x - first) * norm);
            if (index == bins)
            {
                index--;
            }

            // The scaled index can be one off within an ulp of an edge; numpy corrects it against the edges.
            if (x < edges[index])
            {
                index--;
            }
            else if (index != bins - 1 && x >= edges[index + 1])
            {
                index++;
            }

            counts[index]++;
        }

        return new Histogram(edges, counts);
    }
}
