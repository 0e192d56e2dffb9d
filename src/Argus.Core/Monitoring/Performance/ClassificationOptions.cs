using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Performance;

/// <summary>Options of the classification-performance calculation, with Evidently's defaults.</summary>
public sealed record ClassificationOptions
{
    /// <summary>The positive label of a binary task.</summary>
    /// <value>"1", as Evidently's <c>pos_label=1</c>.</value>
    public string PositiveLabel { get; init; } = "1";

    /// <summary>A binary row is predicted positive when its positive probability is at least this.</summary>
    /// <value>0.5 (Evidently's <c>probas_threshold</c>, compared with <c>&gt;=</c>).</value>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Equal-width bins on [0, 1] of the calibration curve and the expected calibration error.</summary>
    /// <value>10.</value>
    public int CalibrationBins { get; init; } = 10;

    /// <summary>Throws one <see cref="ArgusException"/> listing every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(PositiveLabel))
        {
            problems.Add("positive label must not be empty");
        }

        if (!(Threshold >= 0 && Threshold <= 1))
        {
            problems.Add($"threshold must be in [0, 1] (got {Threshold})");
        }

        if (CalibrationBins < 1)
        {
            problems.Add($"calibration bins must be at least 1 (got {CalibrationBins})");
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid classification options: " + string.Join("; ", problems));
        }
    }
}
