using Argus.Core.Pipelines.Runs;

namespace Argus.Core.Pipelines;

/// <summary>How one run of a pipeline is started: why, for which tick, with which parameters, from which folder.</summary>
public sealed record PipelineRunRequest
{
    /// <value><see cref="PipelineTrigger.Manual"/></value>
    public PipelineTrigger Trigger { get; init; } = PipelineTrigger.Manual;

    /// <summary>The schedule tick the run is for (read as <c>${{ run.scheduled_for }}</c>).</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>Values overriding the definition's parameter defaults.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The folder relative paths in the settings resolve against (the pipeline file's); null: the current directory.</summary>
    public string? WorkingDirectory { get; init; }
}
