namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/delete-tag.</summary>
public sealed record DeleteTagRequest(string? RunId = null, string? Key = null);
