namespace Argus.Core.Auth.Rest;

/// <summary>PATCH users/update-admin.</summary>
public sealed record UserAdminRequest(string? Username = null, bool? IsAdmin = null);
