namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/update.</summary>
public sealed record UpdateRunRequest(string? RunId = null, string? RunUuid = null, RunStatus? Status = null, long? EndTime = null, string? RunName = null);
