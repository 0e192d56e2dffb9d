namespace Argus.Core.Auth.Rest;

/// <summary>POST tokens/revoke.</summary>
public sealed record TokenIdRequest(long? Id = null);
