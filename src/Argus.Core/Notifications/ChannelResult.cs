namespace Argus.Core.Notifications;

/// <summary>What became of a notification on one channel.</summary>
/// <param name="Channel">The channel's name.</param>
/// <param name="Delivered">True when the channel accepted it.</param>
/// <param name="Attempts">Tries made.</param>
/// <param name="Error">The last failure, when not delivered.</param>
public sealed record ChannelResult(string Channel, bool Delivered, int Attempts, string? Error);
