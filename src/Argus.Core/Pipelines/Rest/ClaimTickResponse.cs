namespace Argus.Core.Pipelines.Rest;

/// <summary>Reply to schedules/claim-tick: true for exactly one caller per (pipeline, tick).</summary>
public sealed record ClaimTickResponse(bool Claimed);
