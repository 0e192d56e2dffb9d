using System.Text.Json.Serialization;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Auth.Rest;

/// <summary>Source-generated JSON metadata for the auth wire types (same settings as the tracking context).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(UsersResponse))]
[JsonSerializable(typeof(UserPasswordRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(UserAdminRequest))]
[JsonSerializable(typeof(UsernameRequest))]
[JsonSerializable(typeof(ExperimentPermissionRequest))]
[JsonSerializable(typeof(ExperimentPermissionResponse))]
[JsonSerializable(typeof(RegisteredModelPermissionRequest))]
[JsonSerializable(typeof(RegisteredModelPermissionResponse))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(CreateTokenResponse))]
[JsonSerializable(typeof(TokensResponse))]
[JsonSerializable(typeof(TokenIdRequest))]
[JsonSerializable(typeof(AuditResponse))]
[JsonSerializable(typeof(string))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
