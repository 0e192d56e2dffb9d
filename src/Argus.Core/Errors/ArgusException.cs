namespace Argus.Core.Errors;

/// <summary>
/// The one exception root of Argus. Every failure a caller can act on carries an <see cref="ErrorCode"/>;
/// the server maps it to HTTP in one place. Messages say what is wrong and never carry secrets.
/// </summary>
public sealed class ArgusException : Exception
{
    public ArgusException(ErrorCode code, string message)
        : base(message) => Code = code;

    public ArgusException(ErrorCode code, string message, Exception inner)
        : base(message, inner) => Code = code;

    public ArgusException()
        : this(ErrorCode.InternalError, "Internal error")
    {
    }

    public ArgusException(string message)
        : this(ErrorCode.InternalError, message)
    {
    }

    public ArgusException(string message, Exception innerException)
        : this(ErrorCode.InternalError, message, innerException)
    {
    }

    /// <summary>What kind of failure this is.</summary>
    public ErrorCode Code { get; }

    /// <summary>When the caller may try again (a rate limit); the server sends it as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ArgusException InvalidParameter(string message) => new(ErrorCode.InvalidParameterValue, message);

    public static ArgusException NotFound(string message) => new(ErrorCode.ResourceDoesNotExist, message);

    public static ArgusException AlreadyExists(string message) => new(ErrorCode.ResourceAlreadyExists, message);

    public static ArgusException MissingParameter(string name) =>
        new(ErrorCode.InvalidParameterValue,
            $"Missing value for required parameter '{name}'. See the API docs for more information about request parameters.");
}
