namespace Argus.Core.Monitoring.Quality;

/// <summary>The correlation measures of Evidently's <c>DatasetCorrelationsMetric</c>.</summary>
public enum CorrelationKind
{
    /// <summary>Pearson's r between numerical columns (pandas <c>corr("pearson")</c>).</summary>
    Pearson,

    /// <summary>Spearman's rho with average ranks for ties (pandas <c>corr("spearman")</c>).</summary>
    Spearman,

    /// <summary>Kendall's tau-b (pandas <c>corr("kendall")</c>, i.e. <c>scipy.stats.kendalltau</c>).</summary>
    Kendall,

    /// <summary>Cramér's V between categorical columns, without bias correction (Evidently's <c>_cramer_v</c>).</summary>
    CramerV,
}
