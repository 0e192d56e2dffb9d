namespace Argus.Core.Alerts;

/// <summary>An alert as the store holds it.</summary>
/// <param name="Id">The store's number for it; later receipts get larger numbers.</param>
/// <param name="ReceivedAt">When Argus first received it (to the millisecond).</param>
/// <param name="Alert">The alert.</param>
public sealed record ReceivedAlert(long Id, DateTimeOffset ReceivedAt, Alert Alert);
