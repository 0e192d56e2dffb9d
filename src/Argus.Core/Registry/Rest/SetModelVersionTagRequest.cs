namespace Argus.Core.Registry.Rest;

/// <summary>POST model-versions/set-tag.</summary>
public sealed record SetModelVersionTagRequest(string? Name = null, string? Version = null, string? Key = null, string? Value = null);
