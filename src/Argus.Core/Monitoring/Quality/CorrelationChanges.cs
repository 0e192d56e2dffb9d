namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// The column pairs whose correlation changed most between reference and current (Evidently's old data-quality
/// dashboard showed the top five). Only pairs present in both matrices with a defined value on both sides count;
/// pairs are ranked by |current − reference|, ties kept in the current matrix's pair order.
/// </summary>
public static class CorrelationChanges
{
    /// <summary>The default number of pairs reported.</summary>
    public const int DefaultCount = 5;

    /// <summary>The <paramref name="count"/> pairs with the largest absolute change, largest first.</summary>
    public static IReadOnlyList<CorrelationChange> Top(CorrelationMatrix reference, CorrelationMatrix current, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (reference.Kind != current.Kind)
        {
            throw new ArgumentException($"Cannot compare a {reference.Kind} matrix with a {current.Kind} matrix.", nameof(current));
        }

        var changes = new List<CorrelationChange>();
        for (var a = 0; a < current.Columns.Count; a++)
        {
            var ra = reference.IndexOf(current.Columns[a]);
            if (ra < 0)
            {
                continue;
            }

            for (var b = a + 1; b < current.Columns.Count; b++)
            {
                var rb = reference.IndexOf(current.Columns[b]);
                if (rb < 0)
                {
                    continue;
                }

                var before = reference.Values[ra][rb];
                var after = current.Values[a][b];
                if (!double.IsNaN(before) && !double.IsNaN(after))
                {
                    changes.Add(new CorrelationChange(current.Kind, current.Columns[a], current.Columns[b], before, after, after - before));
                }
            }
        }

        // List.Sort is not stable: the pair order is the tie-breaker, made explicit.
        var order = new int[changes.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (i, j) =>
        {
            var byChange = Math.Abs(changes[j].Change).CompareTo(Math.Abs(changes[i].Change));
            return byChange != 0 ? byChange : i.CompareTo(j);
        });
        var top = new List<CorrelationChange>(Math.Min(count, order.Length));
        for (var i = 0; i < top.Capacity; i++)
        {
            top.Add(changes[order[i]]);
        }

        return top;
    }
}
