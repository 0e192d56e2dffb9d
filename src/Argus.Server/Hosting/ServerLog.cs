
namespace Argus.Server.Hosting;

/// <summary>Server log messages, source-generated, with stable event ids.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Argus tracking server listening on {Url} (store {Store}, artifacts {Artifacts})")]
    public static partial void Listening(ILogger logger, string url, string store, string artifacts);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Request {Method} {Path} failed with {ErrorCode}: {Message}")]
    public static partial void RequestFailed(ILogger logger, string method, string path, string errorCode, string message);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Request {Method} {Path} answered 503: the database is unavailable ({Reason})")]
    public static partial void DatabaseUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Argus model server listening on {Url}: {Model} version {Version} ({Uri})")]
    public static partial void Serving(ILogger logger, string url, string model, string version, string uri);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Loaded {Model} version {Version} for the predict endpoints")]
    public static partial void PredictModelLoaded(ILogger logger, string model, string version);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Debug, Message = "Evicted {Model} version {Version} from the predict endpoints' cache")]
    public static partial void PredictModelEvicted(ILogger logger, string model, string version);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Alertmanager webhook: {Received} alerts received, {New} new")]
    public static partial void AlertsReceived(ILogger logger, int received, int @new);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Alert {Fingerprint} ({AlertName}) not forwarded: the forwarding queue is full")]
    public static partial void AlertQueueFull(ILogger logger, string fingerprint, string alertName);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Alert {Fingerprint} ({AlertName}) not delivered to channel {Channel}: {Error}")]
    public static partial void AlertNotDelivered(ILogger logger, string fingerprint, string alertName, string channel, string error);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Forwarding alert {Fingerprint} ({AlertName}) failed")]
    public static partial void AlertForwardingFailed(ILogger logger, Exception exception, string fingerprint, string alertName);
}
