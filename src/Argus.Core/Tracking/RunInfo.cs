namespace Argus.Core.Tracking;

/// <summary>A run's metadata. <see cref="RunUuid"/> repeats <see cref="RunId"/> for old clients.</summary>
public sealed record RunInfo(
    string RunId,
    string RunUuid,
    string RunName,
    string ExperimentId,
    string UserId,
    RunStatus Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);
