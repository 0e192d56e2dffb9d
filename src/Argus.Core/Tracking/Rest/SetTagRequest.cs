namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/set-tag.</summary>
public sealed record SetTagRequest(string? RunId = null, string? RunUuid = null, string? Key = null, string? Value = null);
