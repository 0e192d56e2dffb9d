using Argus.Core.Pipelines.Runs;

namespace Argus.Core.Pipelines;

/// <summary>What expressions read while a run goes: its parameters, the outputs of its succeeded steps, and the run itself.</summary>
public sealed record ExpressionScope
{
    /// <summary><c>${{ run.id }}</c>.</summary>
    public required string RunId { get; init; }

    /// <summary><c>${{ run.started }}</c>, written in ISO 8601 UTC (<c>2025-03-30T01:00:00Z</c>).</summary>
    public required DateTimeOffset Started { get; init; }

    /// <summary><c>${{ run.scheduled_for }}</c>: the schedule tick in ISO 8601 UTC; empty text for runs started by hand.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary><c>${{ params.NAME }}</c>: the defaults overridden by the run's own values.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary><c>${{ steps.STEP.outputs.KEY }}</c>: the outputs of each step that has succeeded, by step name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Outputs { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>The scope of <paramref name="run"/> of <paramref name="definition"/>: parameters merged with the defaults, outputs of its succeeded steps.</summary>
    /// <exception cref="Errors.ArgusException">The run sets a parameter the pipeline does not declare.</exception>
    public static ExpressionScope For(PipelineDefinition definition, PipelineRun run)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(run);
        return new ExpressionScope
        {
            RunId = run.RunId,
            Started = run.StartTime,
            ScheduledFor = run.ScheduledFor,
            Parameters = PipelineParameters.Merge(definition, run.Parameters),
            Outputs = run.Steps.Where(s => s.State == StepState.Succeeded).ToDictionary(s => s.Step, s => s.Outputs, StringComparer.Ordinal),
        };
    }
}
