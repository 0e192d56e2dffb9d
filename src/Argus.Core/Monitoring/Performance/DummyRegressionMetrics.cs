namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Evidently's <c>RegressionDummyMetric</c>: constant predictions scored on the current target. MAE uses the median,
/// RMSE the mean, MAPE the weighted median that minimises MAPE (scored with scikit-learn's |target| denominator, as
/// Evidently does), max error the median. The <c>ByReference</c> values take the constants from the reference target;
/// they are null without one.
/// </summary>
public sealed record DummyRegressionMetrics(
    double Mae,
    double Rmse,
    double Mape,
    double AbsMaxError,
    double? MaeByReference,
    double? RmseByReference,
    double? MapeByReference,
    double? AbsMaxErrorByReference);
