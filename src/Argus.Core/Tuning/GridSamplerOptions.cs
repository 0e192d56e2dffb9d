namespace Argus.Core.Tuning;

/// <summary>Settings of <see cref="GridSampler"/>.</summary>
public sealed record GridSamplerOptions
{
    /// <summary>
    /// Points per continuous dimension: evenly spaced over [low, high] for uniform, evenly spaced in log space
    /// (so log-spaced values) for loguniform, and mu + sigma * z for z evenly spaced over [-2, 2] for the
    /// (unbounded) normal family, exponentiated for lognormal and rounded and de-duplicated when quantized.
    /// </summary>
    /// <value>5</value>
    public int ContinuousPoints { get; init; } = 5;

    /// <summary>Largest number of values one enumerated dimension (randint, quniform, qloguniform) may have.</summary>
    /// <value>10000</value>
    public int MaxValuesPerDimension { get; init; } = 10_000;

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ContinuousPoints < 2)
        {
            errors.Add($"{nameof(ContinuousPoints)} must be >= 2 (got {ContinuousPoints}).");
        }

        if (MaxValuesPerDimension < 1)
        {
            errors.Add($"{nameof(MaxValuesPerDimension)} must be >= 1 (got {MaxValuesPerDimension}).");
        }

        return errors;
    }
}
