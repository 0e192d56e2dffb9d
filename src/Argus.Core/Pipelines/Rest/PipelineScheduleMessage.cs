using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;

namespace Argus.Core.Pipelines.Rest;

/// <summary>
/// A pipeline's schedule on the wire. In a request, <see cref="TimeZone"/> defaults to <c>UTC</c>, <see cref="Enabled"/> to
/// true, and <see cref="CreatedTime"/> to the time the store first saves it.
/// </summary>
public sealed record PipelineScheduleMessage(
    string? Pipeline = null,
    string? Cron = null,
    string? TimeZone = null,
    bool? Enabled = null,
    string? Definition = null,
    IReadOnlyDictionary<string, string>? Parameters = null,
    long? CreatedTime = null,
    long? LastTick = null,
    string? WorkingDirectory = null)
{
    public static PipelineScheduleMessage From(PipelineSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new(
            schedule.Pipeline,
            schedule.Cron,
            schedule.TimeZone,
            schedule.Enabled,
            schedule.Definition,
            schedule.Parameters,
            schedule.CreatedTime == default ? null : PipelineJson.Millis(schedule.CreatedTime),
            PipelineJson.Millis(schedule.LastTick),
            schedule.WorkingDirectory);
    }

    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming the first field missing.</exception>
    public PipelineSchedule ToSchedule() => new()
    {
        Pipeline = Pipeline ?? throw ArgusException.MissingParameter("schedule.pipeline"),
        Cron = Cron ?? throw ArgusException.MissingParameter("schedule.cron"),
        TimeZone = string.IsNullOrEmpty(TimeZone) ? "UTC" : TimeZone,
        Enabled = Enabled ?? true,
        Definition = Definition ?? throw ArgusException.MissingParameter("schedule.definition"),
        Parameters = Parameters ?? new Dictionary<string, string>(),
        CreatedTime = PipelineJson.Time(CreatedTime) ?? default,
        LastTick = PipelineJson.Time(LastTick),
        WorkingDirectory = WorkingDirectory,
    };
}
