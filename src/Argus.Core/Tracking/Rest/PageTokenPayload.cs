namespace Argus.Core.Tracking.Rest;

/// <summary>What an opaque page token holds: the offset of the next page.</summary>
internal sealed record PageTokenPayload(long Offset);
