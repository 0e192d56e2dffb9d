using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Performance;

/// <summary>Options of the regression-performance calculation, with Evidently's defaults.</summary>
public sealed record RegressionOptions
{
    /// <summary>How MAPE divides.</summary>
    /// <value><see cref="MapeDenominator.EvidentlyMaximum"/>.</value>
    public MapeDenominator MapeDenominator { get; init; } = MapeDenominator.EvidentlyMaximum;

    /// <summary>The tail share that makes the under- and overestimation groups (Evidently's <c>top_error</c>).</summary>
    /// <value>0.05: errors at or below the 5 % quantile and at or above the 95 % quantile.</value>
    public double TopErrorQuantile { get; init; } = 0.05;

    /// <summary>Throws one <see cref="ArgusException"/> listing every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(MapeDenominator))
        {
            problems.Add($"unknown MAPE denominator {(int)MapeDenominator}");
        }

        if (!(TopErrorQuantile > 0 && TopErrorQuantile < 0.5))
        {
            problems.Add($"top error quantile must be in (0, 0.5) (got {TopErrorQuantile})");
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid regression options: " + string.Join("; ", problems));
        }
    }
}
