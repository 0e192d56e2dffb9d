using Argus.Core.Tracking.Sdk;

namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// One kind of step (<c>train</c>, <c>command</c>, …): which settings it takes, and the work. A kind is stateless; the
/// runner calls <see cref="RunAsync"/> once per attempt with the settings resolved.
/// </summary>
public interface IStepKind
{
    /// <summary>The name used in YAML (<c>kind: train</c>).</summary>
    string Name { get; }

    /// <summary>One line for <c>argus pipeline kinds</c> and error messages.</summary>
    string Description { get; }

    /// <summary>Settings the kind requires and those it accepts (required ones included).</summary>
    IReadOnlyList<StepSetting> Settings { get; }

    /// <summary>Does the work of one attempt; the outputs are what later steps read as <c>${{ steps.NAME.outputs.KEY }}</c>.</summary>
    /// <exception cref="Errors.ArgusException">A failure with a message for people; the attempt fails and may be retried.</exception>
    Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>A setting a kind takes: its name, whether it must be given, and what it means.</summary>
public sealed record StepSetting(string Name, bool Required, string Description, bool IsList = false);

/// <summary>What one attempt of a step sees.</summary>
public sealed class StepContext
{
    public required string PipelineName { get; init; }

    public required string PipelineRunId { get; init; }

    public required string StepName { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>The settings with every expression resolved.</summary>
    public required IReadOnlyDictionary<string, StepValue> Settings { get; init; }

    /// <summary>The run's parameters (defaults overridden by the run's own values).</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>The tracking store and SDK the steps record runs, models and datasets in.</summary>
    public required Tracker Tracker { get; init; }

    /// <summary>The step's log: every line written is kept with the step run (and shown by <c>argus pipeline logs</c>).</summary>
    public required TextWriter Log { get; init; }

    /// <summary>Relative paths in settings resolve against this folder (the pipeline file's folder).</summary>
    public required string WorkingDirectory { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    /// <summary>A required text setting.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE naming the step and setting when it is missing or a list.</exception>
    public string Text(string name) => TextOrNull(name)
        ?? throw Errors.ArgusException.InvalidParameter($"Step '{StepName}': setting '{name}' is required.");

    /// <summary>An optional text setting; null when absent.</summary>
    public string? TextOrNull(string name) => Settings.TryGetValue(name, out var value)
        ? value.Text ?? throw Errors.ArgusException.InvalidParameter($"Step '{StepName}': setting '{name}' must be a single value, not a list.")
        : null;

    /// <summary>A list setting (a single value is a list of one); empty when absent.</summary>
    public IReadOnlyList<string> List(string name) => Settings.TryGetValue(name, out var value)
        ? value.List ?? (value.Text is { } text ? [text] : [])
        : [];

    /// <summary>A path setting, made absolute against <see cref="WorkingDirectory"/>; URIs (<c>s3://</c>, …) are returned as they are.</summary>
    public string? PathOrNull(string name) => TextOrNull(name) is { } path
        ? path.Contains("://", StringComparison.Ordinal) ? path : Path.GetFullPath(path, WorkingDirectory)
        : null;
}
