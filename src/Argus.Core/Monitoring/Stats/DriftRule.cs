namespace Argus.Core.Monitoring.Stats;

/// <summary>How a test's score is compared with its threshold to declare drift ("score &lt;op&gt; threshold").</summary>
public enum DriftRule
{
    /// <summary>Drift when score ≤ threshold (ks, cramer_von_mises).</summary>
    LessOrEqual,

    /// <summary>Drift when score &lt; threshold (most p-value tests).</summary>
    Less,

    /// <summary>Drift when score ≥ threshold (the distances).</summary>
    GreaterOrEqual,

    /// <summary>Drift when score &gt; threshold (energy distance).</summary>
    Greater,
}
