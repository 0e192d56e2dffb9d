using Argus.Core.Monitoring.Drift;

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

        if (max == min)
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        var width = (max - min) / NumericBins;
        var labels = new string[NumericBins];
        for (var i = 0; i < NumericBins; i++)
        {
            labels[i] = Html.HtmlWriter.Format(min + (i * width), 4);
        }

        labels[^1] = $"{labels[^1]}–{Html.HtmlWriter.Format(max, 4)}";
        return new ColumnDistribution(name, labels, Shares(reference, min, width), Shares(current, min, width));
    }

    private static double[] Shares(double[] values, double min, double width)
    {
        var counts = new double[NumericBins];
        var total = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                counts[Math.Clamp((int)((v - min) / width), 0, NumericBins - 1)]++;
                total++;
            }
        }

        for (var i = 0; i < counts.Length && total > 0; i++)
        {
            counts[i] /= total;
        }

        return counts;
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
