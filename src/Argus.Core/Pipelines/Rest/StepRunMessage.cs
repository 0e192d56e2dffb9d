using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;

namespace Argus.Core.Pipelines.Rest;

/// <summary>
/// One step of a pipeline run on the wire (its log is read from <c>runs/log</c>). <see cref="Needs"/> is not stored: replies
/// carry the steps it needs as the run's definition writes them (<see cref="PipelineGraphText"/>), so a client can draw the
/// DAG without reading YAML; it is omitted for a step that needs none, and ignored in requests.
/// </summary>
public sealed record StepRunMessage(
    string? Step = null,
    string? Kind = null,
    string? State = null,
    int? Attempts = null,
    long? StartTime = null,
    long? EndTime = null,
    IReadOnlyDictionary<string, string>? Outputs = null,
    string? Error = null,
    IReadOnlyList<string>? Needs = null)
{
    /// <param name="step">The step as stored.</param>
    /// <param name="needs">The steps it needs, from the run's definition; null or empty: none.</param>
    public static StepRunMessage From(StepRun step, IReadOnlyList<string>? needs = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(
            step.Step,
            step.Kind,
            PipelineText.Of(step.State),
            step.Attempts,
            PipelineJson.Millis(step.StartTime),
            PipelineJson.Millis(step.EndTime),
            step.Outputs,
            step.Error,
            needs ?? []); // empty, not null: the wire omits empty lists (a null one would be written as null)
    }

    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming the first field missing or malformed.</exception>
    public StepRun ToStep(string field = "step") => new()
    {
        Step = Step ?? throw ArgusException.MissingParameter(field + ".step"),
        Kind = Kind ?? throw ArgusException.MissingParameter(field + ".kind"),
        State = PipelineText.ParseStepState(State, field + ".state"),
        Attempts = Attempts ?? 0,
        StartTime = PipelineJson.Time(StartTime),
        EndTime = PipelineJson.Time(EndTime),
        Outputs = Outputs ?? new Dictionary<string, string>(),
        Error = Error,
    };
}
