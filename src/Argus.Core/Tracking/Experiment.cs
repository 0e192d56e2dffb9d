namespace Argus.Core.Tracking;

/// <summary>A named group of runs. Experiment "0", "Default", always exists.</summary>
public sealed record Experiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    string LifecycleStage,
    long LastUpdateTime,
    long CreationTime,
    IReadOnlyList<Tag> Tags)
{
    /// <summary>The id of the experiment every store creates on first use.</summary>
    public const string DefaultId = "0";

    /// <summary>The name of experiment "0".</summary>
    public const string DefaultName = "Default";
}
