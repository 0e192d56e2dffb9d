namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/delete and runs/restore.</summary>
public sealed record RunIdRequest(string? RunId = null, string? RunUuid = null);
