namespace Argus.Core.Notifications;

/// <summary>A channel's try failed; <see cref="Retryable"/> tells whether trying again may help (a 4xx SMTP reply, HTTP 429 or 5xx, a timeout).</summary>
internal sealed class ChannelFailure : Exception
{
    public ChannelFailure(string message, bool retryable, Exception? inner = null)
        : base(message, inner)
    {
        Retryable = retryable;
    }

    public ChannelFailure()
    {
    }

    public ChannelFailure(string message)
        : base(message)
    {
    }

    public ChannelFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool Retryable { get; }
}
