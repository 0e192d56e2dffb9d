namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Regression quality (Evidently's RegressionPreset numerics). Errors are prediction − target over the rows where
/// both are finite (<see cref="RowCount"/>; <see cref="DroppedRowCount"/> were left out, as Evidently drops them).
/// Standard deviations use ddof = 1. <see cref="Mape"/> and <see cref="MapeStd"/> are percentages (Evidently reports
/// the std of the fraction, not the percentage).
/// </summary>
public sealed record RegressionResult(
    long RowCount,
    long DroppedRowCount,
    double MeanError,
    double ErrorStd,
    double MeanAbsError,
    double AbsErrorStd,
    double Mape,
    double MapeStd,
    double Rmse,
    double R2,
    double AbsMaxError,
    DummyRegressionMetrics Dummy,
    TopErrorGroups TopError,
    IReadOnlyList<NumericErrorBias> NumericErrorBias,
    IReadOnlyList<CategoricalErrorBias> CategoricalErrorBias);
