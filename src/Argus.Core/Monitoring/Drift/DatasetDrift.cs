using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Stats;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// Evidently's dataset drift (<c>DataDriftPreset</c> / <c>DriftedColumnsCount</c>): each column is cleaned (±∞ and
/// NaN dropped), given its stat test and threshold (<see cref="DriftOptions"/>, else <see cref="StatTestSelection"/>
/// and the test's default) and tested; the dataset drifts when the share of drifted columns is ≥ the drift share.
/// Columns are tested in parallel; the result does not depend on the degree of parallelism.
/// </summary>
public static class DatasetDrift
{
    /// <summary>
    /// Compares <paramref name="current"/> with <paramref name="reference"/>. Throws one <see cref="ArgusException"/>
    /// for invalid options, for tables whose columns differ, and — listing every failing column — for columns that
    /// cannot be tested (empty once missing values are dropped, a test that cannot run on the data).
    /// </summary>
    public static DatasetDriftResult Compute(ColumnTable reference, ColumnTable current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        EnsureSameColumns(reference, current);
        options.Validate(reference.ColumnTypes());

        var selected = new List<DriftColumn>();
        var skipped = new List<SkippedColumn>();
        foreach (var column in reference.Columns)
        {
            if (options.Columns is not null && !options.Columns.Contains(column.Name))
            {
                continue;
            }

            if (column.Type == ColumnType.Text)
            {
                skipped.Add(new SkippedColumn(column.Name, StatTests.ShortName(column.Type),
                    "text drift tests (perc_text_content_drift, abs_text_content_drift) are not implemented yet"));
                continue;
            }

            selected.Add(column);
        }

        if (selected.Count == 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"No numerical or categorical column to test in {reference.Name} and {current.Name}.");
        }

        var results = new ColumnDriftResult?[selected.Count];
        var errors = new string?[selected.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        Parallel.For(0, selected.Count, parallel, i =>
        {
            var column = selected[i];
            try
            {
                results[i] = TestColumn(column, current[column.Name], options);
            }
            catch (ArgusException e)
            {
                errors[i] = e.Message;
            }
        });

        var failures = errors.Where(e => e is not null).ToList();
        if (failures.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"Drift could not be computed for {failures.Count} column(s): " + string.Join(" ", failures));
        }

        var columns = results.Select(r => r!).ToList();
        var drifted = columns.Count(c => c.DriftDetected);
        var share = drifted / (double)columns.Count;
        return new DatasetDriftResult(share >= options.DriftShare, options.DriftShare, columns.Count, drifted, share, columns, skipped);
    }

    /// <summary>Tests one column pair (same name and type) under <paramref name="options"/>.</summary>
    public static ColumnDriftResult TestColumn(DriftColumn reference, DriftColumn current, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        var type = reference.Type;
        var test = options.ResolveMethod(reference.Name, type);
        var threshold = options.ResolveThreshold(reference.Name, type);
        StatTestResult result;
        if (type == ColumnType.Numerical)
        {
            using var samples = RentSamples(reference, current);
            test ??= StatTests.Get(StatTestSelection.DefaultName(type, samples.Reference.Length, samples.DistinctCount));
            result = Run(reference.Name, () => test.RunUnchecked(samples, threshold, options.Seed));
        }
        else
        {
            var (currentCodes, labels) = Recode(reference, current);
            var samples = CategoricalSamples.Create(reference.Codes!, currentCodes, labels.Count, labels, reference.Name);
            test ??= StatTests.Get(StatTestSelection.DefaultName(type, samples.ReferenceSize, samples.DistinctCount));
            result = Run(reference.Name, () => test.Run(samples, threshold, options.Seed));
        }

        return new ColumnDriftResult(reference.Name, StatTests.ShortName(type), result.StatTest, result.Threshold, result.Score, result.Drifted);
    }

    /// <summary>Both sides' values in pooled arrays, so a report over many large columns reuses one column's memory.</summary>
    internal static NumericSamples RentSamples(DriftColumn reference, DriftColumn current)
    {
        var referenceValues = reference.RentNumbers(out var referenceLength);
        var currentValues = current.RentNumbers(out var currentLength);
        return NumericSamples.CreatePooled(referenceValues, referenceLength, currentValues, currentLength, reference.Name);
    }

    private static StatTestResult Run(string column, Func<StatTestResult> run)
    {
        try
        {
            return run();
        }
        catch (ArgusException e)
        {
            throw new ArgusException(e.Code, $"Column '{column}': {e.Message}", e);
        }
    }

    /// <summary>
    /// The current codes in the reference's code space, with the labels of that space: the same codes when the two
    /// columns share their dictionary, else matched by label (labels only in the current get new codes).
    /// </summary>
    private static (int[] Codes, IReadOnlyList<string> Labels) Recode(DriftColumn reference, DriftColumn current)
    {
        if (ReferenceEquals(reference.Categories, current.Categories))
        {
            return (current.Codes!, reference.Categories!.Labels);
        }

        var labels = new List<string>(reference.Categories!.Labels);
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var code = 0; code < labels.Count; code++)
        {
            lookup[labels[code]] = code;
        }

        var map = new int[current.Categories!.Count];
        for (var code = 0; code < map.Length; code++)
        {
            var label = current.Categories.Labels[code];
            if (!lookup.TryGetValue(label, out var mapped))
            {
                mapped = labels.Count;
                lookup[label] = mapped;
                labels.Add(label);
            }

            map[code] = mapped;
        }

        var codes = new int[current.Codes!.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            var code = current.Codes[i];
            codes[i] = code < 0 ? -1 : map[code];
        }

        return (codes, labels);
    }

    private static void EnsureSameColumns(ColumnTable reference, ColumnTable current)
    {
        var problems = new List<string>();
        foreach (var column in reference.Columns)
        {
            if (!current.TryGetColumn(column.Name, out var other))
            {
                problems.Add($"'{column.Name}' is only in {reference.Name}");
            }
            else if (other.Type != column.Type)
            {
                problems.Add($"'{column.Name}' is {StatTests.ShortName(column.Type)} in {reference.Name} but {StatTests.ShortName(other.Type)} in {current.Name}");
            }
        }

        foreach (var column in current.Columns)
        {
            if (!reference.TryGetColumn(column.Name, out _))
            {
                problems.Add($"'{column.Name}' is only in {current.Name}");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                "Reference and current data must have the same columns: " + string.Join("; ", problems) + ".");
        }
    }
}
