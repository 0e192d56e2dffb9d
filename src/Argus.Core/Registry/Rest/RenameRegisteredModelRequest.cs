namespace Argus.Core.Registry.Rest;

/// <summary>POST registered-models/rename.</summary>
public sealed record RenameRegisteredModelRequest(string? Name = null, string? NewName = null);
