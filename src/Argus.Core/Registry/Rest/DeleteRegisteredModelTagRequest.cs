namespace Argus.Core.Registry.Rest;

/// <summary>DELETE registered-models/delete-tag.</summary>
public sealed record DeleteRegisteredModelTagRequest(string? Name = null, string? Key = null);
