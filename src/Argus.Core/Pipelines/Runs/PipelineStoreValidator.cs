using System.Globalization;
using Argus.Core.Errors;

namespace Argus.Core.Pipelines.Runs;

/// <summary>The names and sizes every pipeline store checks before it writes (<see cref="PipelineLimits"/>).</summary>
internal static class PipelineStoreValidator
{
    /// <summary>A pipeline name: letters, digits, '-', '_', '.', '/'.</summary>
    public static void PipelineName(string? name, string field = "pipeline")
    {
        Required(name, field);
        if (name!.Length > PipelineLimits.MaxPipelineNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
        {
            throw ArgusException.InvalidParameter(
                $"Invalid pipeline name '{Shorten(name)}': use letters, digits, '-', '_', '.' and '/', at most {Number(PipelineLimits.MaxPipelineNameLength)} characters.");
        }
    }

    /// <summary>A step name: letters, digits, '-', '_'.</summary>
    public static void StepName(string? name, string field = "step")
    {
        Required(name, field);
        if (!IsWord(name!, PipelineLimits.MaxStepNameLength))
        {
            throw ArgusException.InvalidParameter(
                $"Invalid step name '{Shorten(name!)}': use letters, digits, '-' and '_', at most {Number(PipelineLimits.MaxStepNameLength)} characters.");
        }
    }

    /// <summary>A run id: letters, digits, '-', '_'.</summary>
    public static void RunId(string? runId, string field = "run_id")
    {
        Required(runId, field);
        if (!IsWord(runId!, PipelineLimits.MaxRunIdLength))
        {
            throw ArgusException.InvalidParameter(
                $"Invalid pipeline run id '{Shorten(runId!)}': use letters, digits, '-' and '_', at most {Number(PipelineLimits.MaxRunIdLength)} characters.");
        }
    }

    public static void Owner(string? owner)
    {
        Required(owner, "owner");
        Max(owner!, PipelineLimits.MaxOwnerLength, "owner");
    }

    /// <summary>A run as <see cref="IPipelineStore.StartRunAsync"/> receives it (its id, when empty, is given by the store).</summary>
    public static void NewRun(PipelineRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!string.IsNullOrEmpty(run.RunId))
        {
            RunId(run.RunId);
        }

        PipelineName(run.Pipeline);
        if (run.State != PipelineRunState.Running || run.EndTime is not null)
        {
            throw ArgusException.InvalidParameter($"A pipeline run starts in state 'running' without an end time, not '{PipelineText.Of(run.State)}'.");
        }

        PipelineText.Of(run.Trigger);
        if (run.RetryOf is not null)
        {
            RunId(run.RetryOf, "retry_of");
        }

        Owner(run.Owner);
        Definition(run.Definition);
        WorkingDirectory(run.WorkingDirectory);
        Map(run.Parameters, "parameters");
        if (run.Steps.Count > PipelineLimits.MaxSteps)
        {
            throw ArgusException.InvalidParameter($"A pipeline run has at most {Number(PipelineLimits.MaxSteps)} steps, not {Number(run.Steps.Count)}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in run.Steps)
        {
            Step(step);
            if (!names.Add(step.Step))
            {
                throw ArgusException.InvalidParameter($"Step '{step.Step}' appears twice in the run of pipeline '{run.Pipeline}'.");
            }
        }
    }

    public static void Step(StepRun step)
    {
        ArgumentNullException.ThrowIfNull(step);
        StepName(step.Step);
        Required(step.Kind, "kind");
        Max(step.Kind, PipelineLimits.MaxStepKindLength, "kind");
        PipelineText.Of(step.State);
        if (step.Attempts < 0)
        {
            throw ArgusException.InvalidParameter($"Step '{step.Step}': attempts must not be negative, got {Number(step.Attempts)}.");
        }

        Map(step.Outputs, "outputs");
    }

    public static void Schedule(PipelineSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        PipelineName(schedule.Pipeline);
        Required(schedule.Cron, "cron");
        Max(schedule.Cron, PipelineLimits.MaxCronLength, "cron");
        TimeZone(schedule.TimeZone);
        Definition(schedule.Definition);
        WorkingDirectory(schedule.WorkingDirectory);
        Map(schedule.Parameters, "parameters");
    }

    /// <summary>A working directory: none, or a non-empty path of at most <see cref="PipelineLimits.MaxWorkingDirectoryLength"/> characters.</summary>
    public static void WorkingDirectory(string? path)
    {
        if (path is null)
        {
            return;
        }

        Required(path, "working_directory");
        Max(path, PipelineLimits.MaxWorkingDirectoryLength, "working_directory");
    }

    /// <summary>An IANA (or, where the system knows them, Windows) time zone id.</summary>
    public static void TimeZone(string? id)
    {
        Required(id, "time_zone");
        Max(id!, PipelineLimits.MaxTimeZoneLength, "time_zone");
        if (!string.Equals(id, "UTC", StringComparison.Ordinal) && !TimeZoneInfo.TryFindSystemTimeZoneById(id!, out _))
        {
            throw ArgusException.InvalidParameter($"Unknown time zone '{id}': use an IANA id such as 'Europe/Paris' or 'UTC'.");
        }
    }

    public static void Definition(string? definition)
    {
        Required(definition, "definition");
        Max(definition!, PipelineLimits.MaxDefinitionLength, "definition");
    }

    /// <summary>A run's message or a step's error, cut to <see cref="PipelineLimits.MaxMessageLength"/>.</summary>
    public static string? Message(string? text)
    {
        if (text is null || text.Length <= PipelineLimits.MaxMessageLength)
        {
            return text;
        }

        var cut = PipelineLimits.MaxMessageLength - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    /// <summary>A string map, refused when its names and values together pass <see cref="PipelineLimits.MaxMapLength"/>.</summary>
    public static void Map(IReadOnlyDictionary<string, string>? values, string field)
    {
        if (values is null)
        {
            throw ArgusException.MissingParameter(field);
        }

        long length = 0;
        foreach (var (key, value) in values)
        {
            if (key is null || value is null)
            {
                throw ArgusException.InvalidParameter($"'{field}' must map names to texts; a name or value is missing.");
            }

            length += key.Length + value.Length;
        }

        if (length > PipelineLimits.MaxMapLength)
        {
            throw ArgusException.InvalidParameter($"'{field}' is larger than {Number(PipelineLimits.MaxMapLength)} characters.");
        }
    }

    private static bool IsWord(string text, int maxLength) =>
        text.Length <= maxLength && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static void Required(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw ArgusException.MissingParameter(field);
        }
    }

    private static void Max(string value, int limit, string field)
    {
        if (value.Length > limit)
        {
            throw ArgusException.InvalidParameter($"'{field}' is longer than {Number(limit)} characters ({Number(value.Length)}).");
        }
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
