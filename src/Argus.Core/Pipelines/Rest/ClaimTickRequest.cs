namespace Argus.Core.Pipelines.Rest;

/// <summary>POST /api/2.0/argus/pipelines/schedules/claim-tick: <c>owner</c> asks to run the tick at <c>tick</c> (Unix milliseconds).</summary>
public sealed record ClaimTickRequest(string? Pipeline = null, long? Tick = null, string? Owner = null);
