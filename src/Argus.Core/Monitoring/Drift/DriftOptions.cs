using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Stats;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// Options of a dataset drift report, as Evidently's <c>DataDriftPreset</c> takes them. The stat test of a column
/// resolves per-column &gt; per-type (num/cat/text) &gt; global &gt; automatic choice (<see cref="StatTestSelection"/>),
/// and its threshold independently per-column &gt; per-type &gt; global &gt; the test's default. Call
/// <see cref="Validate"/> to get every problem at once.
/// </summary>
public sealed record DriftOptions
{
    /// <summary>The stat test for every column (registry name), unless a more specific one is set.</summary>
    public string? Method { get; init; }

    /// <summary>The stat test for numerical columns.</summary>
    public string? NumMethod { get; init; }

    /// <summary>The stat test for categorical columns.</summary>
    public string? CatMethod { get; init; }

    /// <summary>The stat test for text columns.</summary>
    public string? TextMethod { get; init; }

    /// <summary>Stat tests by column name.</summary>
    public IReadOnlyDictionary<string, string>? PerColumnMethod { get; init; }

    /// <summary>The threshold for every column, unless a more specific one is set.</summary>
    public double? Threshold { get; init; }

    /// <summary>The threshold for numerical columns.</summary>
    public double? NumThreshold { get; init; }

    /// <summary>The threshold for categorical columns.</summary>
    public double? CatThreshold { get; init; }

    /// <summary>The threshold for text columns.</summary>
    public double? TextThreshold { get; init; }

    /// <summary>Thresholds by column name.</summary>
    public IReadOnlyDictionary<string, double>? PerColumnThreshold { get; init; }

    /// <summary>The share of drifted columns at which the dataset counts as drifted.</summary>
    /// <value>0.5, Evidently's default; must be in (0, 1].</value>
    public double DriftShare { get; init; } = 0.5;

    /// <summary>The columns to test; all numerical, categorical and text columns when <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Seeds the permutation tests (TVD, empirical_mmd).</summary>
    /// <value>0, the seed Evidently's permutation test uses.</value>
    public uint Seed { get; init; }

    /// <summary>How many columns are tested at once.</summary>
    /// <value>−1: as many as there are processors.</value>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Throws one <see cref="ArgusException"/> listing every problem: unknown stat test names, tests not valid for
    /// the column type they are set for, thresholds that are not finite, negative or (for a p-value test) above 1,
    /// a drift share outside (0, 1], and — when <paramref name="columnTypes"/> is given — columns that do not exist.
    /// </summary>
    public void Validate(IReadOnlyDictionary<string, ColumnType>? columnTypes = null)
    {
        var problems = new List<string>();
        if (!(DriftShare > 0 && DriftShare <= 1))
        {
            problems.Add($"drift_share must be in (0, 1], got {Format(DriftShare)}");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            problems.Add($"max_degree_of_parallelism must be -1 or positive, got {MaxDegreeOfParallelism}");
        }

        var method = Check(Method, "method", null, problems);
        var num = Check(NumMethod, "num_method", ColumnType.Numerical, problems);
        var cat = Check(CatMethod, "cat_method", ColumnType.Categorical, problems);
        var text = Check(TextMethod, "text_method", ColumnType.Text, problems);
        CheckThreshold(Threshold, "threshold", method, problems);
        CheckThreshold(NumThreshold, "num_threshold", num ?? method, problems);
        CheckThreshold(CatThreshold, "cat_threshold", cat ?? method, problems);
        CheckThreshold(TextThreshold, "text_threshold", text ?? method, problems);

        if (Columns is not null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var column in Columns)
            {
                if (!seen.Add(column))
                {
                    problems.Add($"column '{column}' is listed twice in columns");
                }
                else if (columnTypes is not null && !columnTypes.ContainsKey(column))
                {
                    problems.Add($"columns lists '{column}', which is not a column of the data");
                }
            }
        }

        foreach (var (column, name) in PerColumnMethod ?? new Dictionary<string, string>())
        {
            ColumnType? type = columnTypes is not null && columnTypes.TryGetValue(column, out var t) ? t : null;
            if (columnTypes is not null && type is null)
            {
                problems.Add($"per_column_method names '{column}', which is not a column of the data");
            }

            Check(name, $"per_column_method['{column}']", type, problems);
        }

        foreach (var (column, threshold) in PerColumnThreshold ?? new Dictionary<string, double>())
        {
            if (columnTypes is not null && !columnTypes.ContainsKey(column))
            {
                problems.Add($"per_column_threshold names '{column}', which is not a column of the data");
            }

            string? name = null;
            PerColumnMethod?.TryGetValue(column, out name);
            StatTests.TryGet(name ?? "", out var test);
            CheckThreshold(threshold, $"per_column_threshold['{column}']", test, problems);
        }

        if (columnTypes is not null && method is not null)
        {
            // A global method must suit every tested column that no more specific method overrides. Text columns are
            // skipped until a text test exists, so they do not count.
            var unsuitable = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (column, type) in columnTypes)
            {
                var tested = type != ColumnType.Text && (Columns is null || Columns.Contains(column));
                var overridden = (PerColumnMethod?.ContainsKey(column) ?? false) || PerTypeMethod(type) is not null;
                if (tested && !overridden && !method.Supports(type))
                {
                    unsuitable.Add(StatTests.ShortName(type));
                }
            }

            foreach (var type in unsuitable)
            {
                problems.Add($"method '{method.Name}' is not applicable to the {type} columns (set {type}_method for them); it is registered for {string.Join(", ", method.ColumnTypes.Select(StatTests.ShortName))}");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid drift options: " + string.Join("; ", problems) + ".");
        }
    }

    /// <summary>The stat test set for a column (per-column, per-type, global), or <see langword="null"/> for automatic.</summary>
    internal StatTest? ResolveMethod(string column, ColumnType type)
    {
        string? name = null;
        if (PerColumnMethod?.TryGetValue(column, out name) != true)
        {
            name = PerTypeMethod(type) ?? Method;
        }

        return name is null ? null : StatTests.Get(name);
    }

    /// <summary>The threshold set for a column (per-column, per-type, global), or <see langword="null"/> for the test's default.</summary>
    internal double? ResolveThreshold(string column, ColumnType type)
    {
        if (PerColumnThreshold is not null && PerColumnThreshold.TryGetValue(column, out var threshold))
        {
            return threshold;
        }

        var perType = type switch
        {
            ColumnType.Numerical => NumThreshold,
            ColumnType.Categorical => CatThreshold,
            ColumnType.Text => TextThreshold,
            _ => null,
        };
        return perType ?? Threshold;
    }

    private string? PerTypeMethod(ColumnType type) => type switch
    {
        ColumnType.Numerical => NumMethod,
        ColumnType.Categorical => CatMethod,
        ColumnType.Text => TextMethod,
        _ => null,
    };

    private static StatTest? Check(string? name, string what, ColumnType? type, List<string> problems)
    {
        if (name is null)
        {
            return null;
        }

        if (!StatTests.TryGet(name, out var test))
        {
            problems.Add($"{what}: {StatTests.UnknownMessage(name).TrimEnd('.')}");
            return null;
        }

        if (type is { } t && !test.Supports(t))
        {
            problems.Add($"{what}: {StatTests.UnsupportedMessage(test, t).TrimEnd('.')}");
        }

        return test;
    }

    private static void CheckThreshold(double? threshold, string what, StatTest? test, List<string> problems)
    {
        if (threshold is not { } t)
        {
            return;
        }

        if (!double.IsFinite(t) || t < 0)
        {
            problems.Add($"{what} must be a finite number ≥ 0, got {Format(t)}");
        }
        else if (test is { ScoreKind: ScoreKind.PValue } && t > 1)
        {
            problems.Add($"{what} is {Format(t)}, but '{test.Name}' scores a p-value, so its threshold must be in [0, 1]");
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
