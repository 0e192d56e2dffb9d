namespace Argus.Core.Registry.Rest;

/// <summary>POST registered-models/set-tag.</summary>
public sealed record SetRegisteredModelTagRequest(string? Name = null, string? Key = null, string? Value = null);
