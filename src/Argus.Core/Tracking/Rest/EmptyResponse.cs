namespace Argus.Core.Tracking.Rest;

/// <summary>The empty reply <c>{}</c>.</summary>
public sealed record EmptyResponse
{
    public static EmptyResponse Instance { get; } = new();
}
