namespace Argus.Core.Errors;

/// <summary>The one table from <see cref="ErrorCode"/> to wire name and HTTP status.</summary>
public static class ErrorCodes
{
    /// <summary>The MLflow wire name of a code, e.g. <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public static string WireName(this ErrorCode code) => code switch
    {
        ErrorCode.InternalError => "INTERNAL_ERROR",
        ErrorCode.BadRequest => "BAD_REQUEST",
        ErrorCode.InvalidParameterValue => "INVALID_PARAMETER_VALUE",
        ErrorCode.ResourceAlreadyExists => "RESOURCE_ALREADY_EXISTS",
        ErrorCode.ResourceDoesNotExist => "RESOURCE_DOES_NOT_EXIST",
        ErrorCode.EndpointNotFound => "ENDPOINT_NOT_FOUND",
        ErrorCode.Unauthenticated => "UNAUTHENTICATED",
        ErrorCode.PermissionDenied => "PERMISSION_DENIED",
        ErrorCode.ResourceConflict => "RESOURCE_CONFLICT",
        ErrorCode.RequestLimitExceeded => "REQUEST_LIMIT_EXCEEDED",
        ErrorCode.RequestTooLarge => "REQUEST_TOO_LARGE",
        ErrorCode.InvalidState => "INVALID_STATE",
        ErrorCode.NotImplemented => "NOT_IMPLEMENTED",
        ErrorCode.TemporarilyUnavailable => "TEMPORARILY_UNAVAILABLE",
        ErrorCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        ErrorCode.UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
        ErrorCode.InsufficientStorage => "RESOURCE_EXHAUSTED",
        ErrorCode.RequestTimeout => "REQUEST_TIMEOUT",
        _ => "INTERNAL_ERROR",
    };

    /// <summary>
    /// The HTTP status MLflow sends for a code. Note RESOURCE_ALREADY_EXISTS is 400, not 409.
    /// </summary>
    public static int HttpStatus(this ErrorCode code) => code switch
    {
        ErrorCode.BadRequest or ErrorCode.InvalidParameterValue or ErrorCode.ResourceAlreadyExists => 400,
        ErrorCode.Unauthenticated => 401,
        ErrorCode.PermissionDenied => 403,
        ErrorCode.ResourceDoesNotExist or ErrorCode.EndpointNotFound => 404,
        ErrorCode.RequestTimeout => 408,
        ErrorCode.ResourceConflict => 409,
        ErrorCode.RequestTooLarge => 413,
        ErrorCode.UnsupportedMediaType => 415,
        ErrorCode.RequestLimitExceeded => 429,
        ErrorCode.NotImplemented => 501,
        ErrorCode.TemporarilyUnavailable => 503,
        ErrorCode.DeadlineExceeded => 504,
        ErrorCode.InsufficientStorage => 507,
        _ => 500,
    };

    /// <summary>Parses a wire name back into a code (for the HTTP client); unknown names are internal errors.</summary>
    public static ErrorCode FromWireName(string? name, int httpStatus)
    {
        foreach (var code in Enum.GetValues<ErrorCode>())
        {
            if (string.Equals(code.WireName(), name, StringComparison.Ordinal))
            {
                return code;
            }
        }

        return httpStatus switch
        {
            404 => ErrorCode.ResourceDoesNotExist,
            413 => ErrorCode.RequestTooLarge,
            >= 400 and < 500 => ErrorCode.BadRequest,
            _ => ErrorCode.InternalError,
        };
    }
}
