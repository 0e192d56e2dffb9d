using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// A stat-test descriptor as Evidently registers it: its registry name, display name, the column types it is
/// registered for, what its score is, its default threshold and the comparison that declares drift. The
/// computation is attached per kind of samples (numerical, categorical); a text test would add its own kind.
/// Get descriptors from <see cref="StatTests"/>.
/// </summary>
public sealed record StatTest
{
    internal StatTest(
        string name,
        string displayName,
        IReadOnlyList<ColumnType> columnTypes,
        ScoreKind scoreKind,
        double defaultThreshold,
        DriftRule rule,
        Func<NumericSamples, uint, double>? numeric = null,
        Func<CategoricalSamples, uint, double>? categorical = null)
    {
        Name = name;
        DisplayName = displayName;
        ColumnTypes = columnTypes;
        ScoreKind = scoreKind;
        DefaultThreshold = defaultThreshold;
        Rule = rule;
        Numeric = numeric;
        Categorical = categorical;
    }

    /// <summary>The registry name, e.g. <c>ks</c> or <c>jensenshannon</c>.</summary>
    public string Name { get; }

    /// <summary>Evidently's display name, e.g. <c>K-S p_value</c>.</summary>
    public string DisplayName { get; }

    /// <summary>The column types the test is registered for.</summary>
    public IReadOnlyList<ColumnType> ColumnTypes { get; }

    /// <summary>Whether the score is a p-value or a distance.</summary>
    public ScoreKind ScoreKind { get; }

    /// <summary>The threshold used when none is given.</summary>
    public double DefaultThreshold { get; }

    /// <summary>How the score is compared with the threshold.</summary>
    public DriftRule Rule { get; }

    internal Func<NumericSamples, uint, double>? Numeric { get; }

    internal Func<CategoricalSamples, uint, double>? Categorical { get; }

    /// <summary>True when the test is registered for <paramref name="type"/>.</summary>
    public bool Supports(ColumnType type)
    {
        foreach (var t in ColumnTypes)
        {
            if (t == type)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Applies <see cref="Rule"/>; a NaN score is never drift.</summary>
    public bool IsDrift(double score, double threshold) => Rule switch
    {
        DriftRule.LessOrEqual => score <= threshold,
        DriftRule.Less => score < threshold,
        DriftRule.GreaterOrEqual => score >= threshold,
        _ => score > threshold,
    };

    /// <summary>
    /// Runs the test on a numerical column. Throws <see cref="ArgusException"/> when the test is not registered for
    /// numerical columns or cannot run on these samples. <paramref name="seed"/> seeds the permutation tests.
    /// </summary>
    public StatTestResult Run(NumericSamples samples, double? threshold = null, uint seed = 0)
    {
        ArgumentNullException.ThrowIfNull(samples);
        StatTests.EnsureSupports(this, ColumnType.Numerical);
        return Result(Numeric!(samples, seed), threshold);
    }

    /// <summary>
    /// Runs the test on a categorical column. Throws <see cref="ArgusException"/> when the test is not registered for
    /// categorical columns or cannot run on these samples.
    /// </summary>
    public StatTestResult Run(CategoricalSamples samples, double? threshold = null, uint seed = 0)
    {
        ArgumentNullException.ThrowIfNull(samples);
        StatTests.EnsureSupports(this, ColumnType.Categorical);
        return Result(Categorical!(samples, seed), threshold);
    }

    /// <summary>
    /// Runs the test on a numerical column whatever its registration, as Evidently's automatic selection does when
    /// it applies z or chisquare to a numerical column with few distinct values: a categorical-only test sees one
    /// category per distinct value.
    /// </summary>
    internal StatTestResult RunUnchecked(NumericSamples samples, double? threshold, uint seed) =>
        Numeric is not null
            ? Result(Numeric(samples, seed), threshold)
            : Result(Categorical!(samples.AsCategories(), seed), threshold);

    private StatTestResult Result(double score, double? threshold)
    {
        var t = threshold ?? DefaultThreshold;
        return new StatTestResult(Name, score, t, IsDrift(score, t));
    }
}
