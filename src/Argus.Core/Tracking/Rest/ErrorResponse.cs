namespace Argus.Core.Tracking.Rest;

/// <summary>The MLflow error body: <c>{"error_code", "message"}</c>.</summary>
public sealed record ErrorResponse(string ErrorCode, string Message);
