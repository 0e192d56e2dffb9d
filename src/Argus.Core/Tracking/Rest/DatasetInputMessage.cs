namespace Argus.Core.Tracking.Rest;

/// <summary>A dataset input as a request carries it.</summary>
public sealed record DatasetInputMessage(IReadOnlyList<KeyValueMessage>? Tags = null, DatasetMessage? Dataset = null);
