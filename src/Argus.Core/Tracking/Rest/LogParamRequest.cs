namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/log-parameter.</summary>
public sealed record LogParamRequest(string? RunId = null, string? RunUuid = null, string? Key = null, string? Value = null);
