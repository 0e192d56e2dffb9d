namespace Argus.Core.Monitoring.Performance;

/// <summary>One group of rows by signed error: how many, and the mean and standard deviation (ddof = 1) of their error.</summary>
public sealed record ErrorGroup(long Count, double MeanError, double StdError);
