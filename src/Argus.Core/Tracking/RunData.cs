namespace Argus.Core.Tracking;

/// <summary>A run's latest metric values (one per key), params and tags.</summary>
public sealed record RunData(IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<Tag> Tags)
{
    public static RunData Empty { get; } = new([], [], []);
}
