namespace Argus.Server.Auth;

/// <summary>Log messages of authentication; none carries a password, token, session or hash.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Failed sign-in as {UserName} from {Address} ({How})")]
    public static partial void SignInFailed(ILogger logger, string userName, string address, string how);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Rejected a bearer token from {Address}: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Too many failed sign-ins for {Key}: answering 429 for {Seconds} s")]
    public static partial void Throttled(ILogger logger, string key, int seconds);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "{UserName} signed in from {Address}")]
    public static partial void SignedIn(ILogger logger, string userName, string address);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Created the first administrator '{UserName}' with the password from {Source}")]
    public static partial void AdminCreated(ILogger logger, string userName, string source);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Created the first administrator '{UserName}' with a one-time password printed to standard output; change it")]
    public static partial void AdminCreatedWithGeneratedPassword(ILogger logger, string userName);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Denied {Method} {Path} to {UserName}: needs {Required}")]
    public static partial void Denied(ILogger logger, string method, string path, string userName, string required);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information, Message = "Authentication is on: default permission {Permission}")]
    public static partial void Enabled(ILogger logger, string permission);
}
