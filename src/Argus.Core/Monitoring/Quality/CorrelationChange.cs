namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// How the correlation of one column pair moved from the reference to the current data.
/// <para><c>Change</c>: Current minus reference.</para>
/// </summary>
public sealed record CorrelationChange(CorrelationKind Kind, string ColumnA, string ColumnB, double Reference, double Current, double Change);
