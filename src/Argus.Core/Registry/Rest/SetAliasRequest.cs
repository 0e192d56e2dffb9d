namespace Argus.Core.Registry.Rest;

/// <summary>POST registered-models/alias; <c>reason</c> is an Argus extension for the audit history (MLflow clients do not send it).</summary>
public sealed record SetAliasRequest(string? Name = null, string? Alias = null, string? Version = null, string? Reason = null);
