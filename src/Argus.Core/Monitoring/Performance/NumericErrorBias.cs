namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Evidently's error-bias row for a numerical feature: its mean over all rows (Evidently labels this "majority"), over
/// the underestimation rows and over the overestimation rows (missing values skipped), and
/// <c>RangePercent</c> = 100·|over − under| / (max − min), 0 when over equals under.
/// </summary>
public sealed record NumericErrorBias(string Feature, double All, double Under, double Over, double RangePercent);
