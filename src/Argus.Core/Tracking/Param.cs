namespace Argus.Core.Tracking;

/// <summary>An immutable run input: logging the same key again with a different value is an error.</summary>
public sealed record Param(string Key, string Value);
