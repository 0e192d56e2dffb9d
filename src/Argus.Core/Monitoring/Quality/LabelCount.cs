namespace Argus.Core.Monitoring.Quality;

/// <summary>One category of a column: its label, how many rows hold it, and that count as a share of all rows.</summary>
public sealed record LabelCount(string Label, long Count, double Share);
