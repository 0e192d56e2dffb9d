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
    /// <summary>The tag naming the pipeline of a run a step records.</summary>
    public const string PipelineTag = "argus.pipeline";

    /// <summary>The tag naming the pipeline run of a run a step records.</summary>
    public const string PipelineRunTag = "argus.pipeline.run_id";

    /// <summary>The tag naming the step that recorded a run.</summary>
    public const string StepTag = "argus.pipeline.step";

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

    /// <summary>The tags that tie a run this attempt records to its pipeline run and step.</summary>
    public IReadOnlyDictionary<string, string> RunTags => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PipelineTag] = PipelineName,
        [PipelineRunTag] = PipelineRunId,
        [StepTag] = StepName,
    };

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

    /// <summary>A required path setting, as <see cref="PathOrNull"/> makes it.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE naming the step and setting when it is missing.</exception>
    public string RequiredPath(string name) => PathOrNull(name) ?? throw Errors.ArgusException.InvalidParameter($"Step '{StepName}': setting '{name}' is required.");

    /// <summary>A local file path setting: a path or a <c>file://</c> URI; other URIs are rejected naming the setting.</summary>
    public string? LocalPathOrNull(string name) => PathOrNull(name) is { } path
        ? path.Contains("://", StringComparison.Ordinal)
            ? Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : throw SettingError(name, $"'{path}' is not a local path; give a file path.")
            : path
        : null;

    /// <summary>A required local file path setting, as <see cref="LocalPathOrNull"/> makes it.</summary>
    public string LocalPath(string name) => LocalPathOrNull(name) ?? throw Errors.ArgusException.InvalidParameter($"Step '{StepName}': setting '{name}' is required.");

    /// <summary>An optional whole-number setting no smaller than <paramref name="minimum"/>; null when absent.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE naming the step and setting when it is not such a number.</exception>
    public int? IntegerOrNull(string name, int minimum = int.MinValue) => TextOrNull(name) is { } text
        ? int.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw SettingError(name, minimum == int.MinValue ? $"'{text}' is not a whole number." : $"'{text}' is not a whole number of at least {minimum}.")
        : null;

    /// <summary>An optional finite number setting; null when absent.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE naming the step and setting when it is not a number.</exception>
    public double? NumberOrNull(string name) => TextOrNull(name) is { } text
        ? double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw SettingError(name, $"'{text}' is not a number.")
        : null;

    /// <summary>An optional duration setting (<c>90s</c>, <c>10m</c>, <c>1h</c>, <c>1d12h</c>); null when absent.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE naming the step and setting when it is not a duration.</exception>
    public TimeSpan? DurationOrNull(string name) => TextOrNull(name) is { } text
        ? Durations.TryParse(text, out var value) ? value : throw SettingError(name, $"'{text}' is not a duration: {Durations.Help}.")
        : null;

    /// <summary>An optional setting that must be one of <paramref name="choices"/> (compared ignoring case, returned as listed); null when absent.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE naming the step, the setting and the choices.</exception>
    public string? ChoiceOrNull(string name, params string[] choices) => TextOrNull(name) is { } text
        ? Array.Find(choices, c => string.Equals(c, text.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw SettingError(name, $"'{text}' is not one of {string.Join(", ", choices)}.")
        : null;

    /// <summary>The same failure, its message prefixed with this step's name (kept as it is when it names the step already).</summary>
    public Errors.ArgusException WithStep(Errors.ArgusException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var prefix = $"Step '{StepName}'";
        return error.Message.StartsWith(prefix, StringComparison.Ordinal) ? error : new Errors.ArgusException(error.Code, $"{prefix}: {error.Message}", error);
    }

    /// <summary>An INVALID_PARAMETER_VALUE error about setting <paramref name="name"/> of this step.</summary>
    public Errors.ArgusException SettingError(string name, string problem) =>
        Errors.ArgusException.InvalidParameter($"Step '{StepName}': setting '{name}': {problem}");
}
