namespace Argus.Core.Tracking;

/// <summary>What a new run starts with. A missing name gets a generated "adjective-noun-NNN".</summary>
public sealed record RunCreation
{
    public string ExperimentId { get; init; } = Experiment.DefaultId;

    public string? RunName { get; init; }

    public string? UserId { get; init; }

    /// <summary>Epoch ms; the store's clock when null.</summary>
    public long? StartTime { get; init; }

    public IReadOnlyList<Tag> Tags { get; init; } = [];
}
