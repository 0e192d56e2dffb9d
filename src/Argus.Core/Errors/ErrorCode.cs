namespace Argus.Core.Errors;

/// <summary>
/// Error codes, named as MLflow names them on the wire (<c>error_code</c>), so MLflow clients
/// recognise them. <see cref="ErrorCodes"/> maps each to its HTTP status.
/// </summary>
public enum ErrorCode
{
    InternalError,
    BadRequest,
    InvalidParameterValue,
    ResourceAlreadyExists,
    ResourceDoesNotExist,
    EndpointNotFound,
    Unauthenticated,
    PermissionDenied,
    ResourceConflict,
    RequestLimitExceeded,
    RequestTooLarge,
    InvalidState,
    NotImplemented,
    TemporarilyUnavailable,
    DeadlineExceeded,

    /// <summary>A body in a content type the endpoint does not read (HTTP 415).</summary>
    UnsupportedMediaType,

    /// <summary>The storage is full: nothing was written (HTTP 507, <c>RESOURCE_EXHAUSTED</c>).</summary>
    InsufficientStorage,
    /// <summary>The client sent its request too slowly (HTTP 408): Kestrel's minimum body data rate.</summary>
    RequestTimeout,
}
