using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Quality;

/// <summary>Options of a data-quality report, with Evidently's defaults.</summary>
public sealed record DataQualityOptions
{
    /// <summary>Share of equal rows from which two columns count as almost duplicated.</summary>
    /// <value>0.95, as Evidently.</value>
    public double AlmostDuplicatedThreshold { get; init; } = DatasetStatistics.DefaultAlmostThreshold;

    /// <summary>Share of rows held by the most common value from which a column counts as almost constant.</summary>
    /// <value>0.95, as Evidently.</value>
    public double AlmostConstantThreshold { get; init; } = DatasetStatistics.DefaultAlmostThreshold;

    /// <summary>Bins of each numeric column's histogram.</summary>
    /// <value>10, numpy's default.</value>
    public int HistogramBins { get; init; } = Histogram.DefaultBins;

    /// <summary>The correlation matrices to compute (an empty list skips correlations).</summary>
    /// <value>All four, as Evidently.</value>
    public IReadOnlyList<CorrelationKind> CorrelationKinds { get; init; } = CorrelationMatrices.AllKinds;

    /// <summary>How many most-changed column pairs to report per correlation kind when a reference is given.</summary>
    /// <value>5.</value>
    public int TopCorrelationChanges { get; init; } = CorrelationChanges.DefaultCount;

    /// <summary>Throws one <see cref="ArgusException"/> listing every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        // Evidently accepts [0.5, 1]: below one half "almost" stops meaning anything.
        if (!(AlmostDuplicatedThreshold >= 0.5 && AlmostDuplicatedThreshold <= 1))
        {
            problems.Add($"almost duplicated threshold must be in [0.5, 1] (got {AlmostDuplicatedThreshold})");
        }

        if (!(AlmostConstantThreshold >= 0.5 && AlmostConstantThreshold <= 1))
        {
            problems.Add($"almost constant threshold must be in [0.5, 1] (got {AlmostConstantThreshold})");
        }

        if (HistogramBins < 1)
        {
            problems.Add($"histogram bins must be at least 1 (got {HistogramBins})");
        }

        if (CorrelationKinds is null)
        {
            problems.Add("correlation kinds must be set (use an empty list for none)");
        }
        else
        {
            if (new HashSet<CorrelationKind>(CorrelationKinds).Count != CorrelationKinds.Count)
            {
                problems.Add("correlation kinds must not repeat");
            }

            foreach (var kind in CorrelationKinds)
            {
                if (!Enum.IsDefined(kind))
                {
                    problems.Add($"unknown correlation kind {(int)kind}");
                }
            }
        }

        if (TopCorrelationChanges < 0)
        {
            problems.Add($"top correlation changes must be zero or more (got {TopCorrelationChanges})");
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid data quality options: " + string.Join("; ", problems));
        }
    }
}
