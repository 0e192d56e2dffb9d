namespace Argus.Core.Monitoring.Stats;

/// <summary>What a test's score is, which fixes the valid range of its threshold.</summary>
public enum ScoreKind
{
    /// <summary>A p-value (or a permutation p-value) in [0, 1]; small means drift.</summary>
    PValue,

    /// <summary>A distance or divergence ≥ 0; large means drift.</summary>
    Distance,
}
