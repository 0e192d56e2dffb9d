namespace Argus.Core.Registry.Rest;

/// <summary>DELETE model-versions/delete-tag.</summary>
public sealed record DeleteModelVersionTagRequest(string? Name = null, string? Version = null, string? Key = null);
