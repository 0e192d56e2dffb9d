namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Counts of (actual, predicted) label pairs: <see cref="Values"/>[i][j] is how many rows of actual
/// <see cref="Labels"/>[i] were predicted <see cref="Labels"/>[j]. Labels in ordinal order, as Evidently sorts them.
/// </summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<long>> Values);
