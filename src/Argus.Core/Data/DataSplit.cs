namespace Argus.Core.Data;

/// <summary>Row indices of each part of a split; the parts are disjoint.</summary>
public sealed record DataSplit(int[] Train, int[] Validation, int[] Test)
{
    /// <summary>
    /// Splits <paramref name="rowCount"/> rows. Rows are shuffled with <c>new Random(Seed)</c> (Fisher–Yates) and cut
    /// at the rounded cumulative fractions. With <see cref="SplitOptions.Stratify"/>, each class in
    /// <paramref name="labels"/> is shuffled and cut on its own, so each part holds round(n_class × fraction)
    /// rows of every class; the parts are then shuffled again.
    /// </summary>
    public static DataSplit Create(int rowCount, SplitOptions options, ReadOnlySpan<float> labels = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        options.Validate();
        if (options.Stratify && labels.Length != rowCount)
        {
            throw new Errors.ArgusException(Errors.ErrorCode.InvalidParameterValue,
                $"A stratified split needs one label per row ({rowCount}), got {labels.Length}.");
        }

        var random = new Random(options.Seed);
        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        if (!options.Stratify)
        {
            Cut(Shuffled(Enumerable.Range(0, rowCount).ToArray(), random), options, train, validation, test);
            return new DataSplit([.. train], [.. validation], [.. test]);
        }

        var groups = new SortedDictionary<float, List<int>>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (!groups.TryGetValue(labels[i], out var group))
            {
                groups[labels[i]] = group = [];
            }

            group.Add(i);
        }

        foreach (var group in groups.Values)
        {
            Cut(Shuffled([.. group], random), options, train, validation, test);
        }

        return new DataSplit(Shuffled([.. train], random), Shuffled([.. validation], random), Shuffled([.. test], random));
    }

    private static int[] Shuffled(int[] rows, Random random)
    {
        for (var i = rows.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }

        return rows;
    }

    private static void Cut(int[] rows, SplitOptions options, List<int> train, List<int> validation, List<int> test)
    {
        var n = rows.Length;
        var first = (int)Math.Round(n * options.TrainFraction, MidpointRounding.AwayFromZero);
        var second = Math.Min(n, (int)Math.Round(n * (options.TrainFraction + options.ValidationFraction), MidpointRounding.AwayFromZero));
        var third = Math.Min(n, (int)Math.Round(n * (options.TrainFraction + options.ValidationFraction + options.TestFraction), MidpointRounding.AwayFromZero));
        train.AddRange(rows.AsSpan(0, first));
        validation.AddRange(rows.AsSpan(first, second - first));
        test.AddRange(rows.AsSpan(second, third - second));
    }
}
