using Argus.Core.Monitoring.Drift;
using Argus.Core.Monitoring.Quality;

namespace Argus.Core.Monitoring.Reports;

/// <summary>A column's reference and current shares over the same bins (numbers) or labels (categories), for charts.</summary>
/// <param name="Column">The column.</param>
/// <param name="Labels">One label per bin: its lower edge, or the category.</param>
/// <param name="Reference">The reference's share in each bin.</param>
/// <param name="Current">The current data's share in each bin.</param>
public sealed record ColumnDistribution(string Column, IReadOnlyList<string> Labels, double[] Reference, double[] Current)
{
    /// <summary>Bins for a numerical column.</summary>
    public const int NumericBins = 20;

    /// <summary>Most categories charted (the most frequent over both sides); the rest are left out of the chart only.</summary>
    public const int MostCategories = 15;

    /// <summary>The distributions of <paramref name="columns"/> (all when null) of a drift table pair.</summary>
    public static IReadOnlyList<ColumnDistribution> From(ColumnTablePair pair, IEnumerable<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var wanted = columns?.ToHashSet(StringComparer.Ordinal);
        var result = new List<ColumnDistribution>();
        foreach (var reference in pair.Reference.Columns)
        {
            if ((wanted is not null && !wanted.Contains(reference.Name)) || !pair.Current.TryGetColumn(reference.Name, out var current))
            {
                continue;
            }

            if (reference.Numbers is { } r && current.Numbers is { } c)
            {
                result.Add(Numeric(reference.Name, r, c));
            }
            else if (reference.Codes is { } rc && current.Codes is { } cc && reference.Categories is { } categories)
            {
                result.Add(Categorical(reference.Name, rc, cc, categories));
            }
        }

        return result;
    }

    private static ColumnDistribution Numeric(string name, double[] reference, double[] current)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var values in new[] { reference, current })
        {
            foreach (var v in values)
            {
                if (double.IsFinite(v))
                {
                    (min, max) = (Math.Min(min, v), Math.Max(max, v));
                }
            }
        }

        if (!double.IsFinite(min))
        {
            return new ColumnDistribution(name, [], [], []);
        }

        // The same bins for both sides: the quality report's histogram over the range of both.
        var referenceBins = Histogram.Compute(reference, NumericBins, min, max);
        var currentBins = Histogram.Compute(current, NumericBins, min, max);
        var labels = new string[NumericBins];
        for (var i = 0; i < NumericBins; i++)
        {
            labels[i] = Html.HtmlWriter.Format(referenceBins.Edges[i], 4);
        }

        labels[^1] = $"{labels[^1]}–{Html.HtmlWriter.Format(referenceBins.Edges[^1], 4)}";
        return new ColumnDistribution(name, labels, Shares(referenceBins.Counts), Shares(currentBins.Counts));
    }

    private static double[] Shares(IReadOnlyList<long> counts)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        var shares = new double[counts.Count];
        for (var i = 0; i < shares.Length && total > 0; i++)
        {
            shares[i] = counts[i] / (double)total;
        }

        return shares;
    }

    private static ColumnDistribution Categorical(string name, int[] reference, int[] current, CategoryDictionary categories)
    {
        var referenceCounts = new double[categories.Count];
        var currentCounts = new double[categories.Count];
        int referenceTotal = Count(reference, referenceCounts), currentTotal = Count(current, currentCounts);
        var order = Enumerable.Range(0, categories.Count)
            .OrderByDescending(i => referenceCounts[i] + currentCounts[i]).ThenBy(i => categories.Labels[i], StringComparer.Ordinal)
            .Take(MostCategories).ToList();
        return new ColumnDistribution(
            name,
            order.ConvertAll(i => categories.Labels[i]),
            [.. order.Select(i => referenceTotal == 0 ? 0 : referenceCounts[i] / referenceTotal)],
            [.. order.Select(i => currentTotal == 0 ? 0 : currentCounts[i] / currentTotal)]);
    }

    private static int Count(int[] codes, double[] counts)
    {
        var total = 0;
        foreach (var code in codes)
        {
            if (code >= 0)
            {
                counts[code]++;
                total++;
            }
        }

        return total;
    }
}
