namespace Argus.Core.Pipelines.Scheduling;

/// <summary>A tick to run now; <see cref="FirstSkipped"/> is the earliest of the missed ticks skipped for it, null when none was.</summary>
public readonly record struct DueTick(DateTimeOffset Tick, DateTimeOffset? FirstSkipped);
