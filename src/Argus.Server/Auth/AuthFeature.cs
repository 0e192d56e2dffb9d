using Argus.Core.Auth;

namespace Argus.Server.Auth;

/// <summary>Who a request is from, set on the request by <see cref="AuthMiddleware"/> once it is authenticated.</summary>
internal sealed record AuthFeature(AuthUser User, CredentialKind Kind, string? SessionSecret);
