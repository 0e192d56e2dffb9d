namespace Argus.Core.Tracking;

/// <summary>Changes to a run's status, end time or name; null leaves a field as it is.</summary>
public sealed record RunUpdate(RunStatus? Status = null, long? EndTime = null, string? RunName = null);
