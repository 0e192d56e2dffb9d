using Argus.Core.Errors;

namespace Argus.Core.Pipelines.Runs;

/// <summary>
/// The lower-case words for run states, step states and triggers, as the REST API and the database write them
/// (<c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>pending</c>, <c>skipped</c>; <c>manual</c>, <c>schedule</c>, <c>retry</c>).
/// </summary>
public static class PipelineText
{
    public static string Of(PipelineRunState state) => state switch
    {
        PipelineRunState.Running => "running",
        PipelineRunState.Succeeded => "succeeded",
        PipelineRunState.Failed => "failed",
        _ => throw ArgusException.InvalidParameter($"Invalid pipeline run state {(int)state}."),
    };

    public static string Of(StepState state) => state switch
    {
        StepState.Pending => "pending",
        StepState.Running => "running",
        StepState.Succeeded => "succeeded",
        StepState.Failed => "failed",
        StepState.Skipped => "skipped",
        _ => throw ArgusException.InvalidParameter($"Invalid step state {(int)state}."),
    };

    public static string Of(PipelineTrigger trigger) => trigger switch
    {
        PipelineTrigger.Manual => "manual",
        PipelineTrigger.Schedule => "schedule",
        PipelineTrigger.Retry => "retry",
        _ => throw ArgusException.InvalidParameter($"Invalid pipeline trigger {(int)trigger}."),
    };

    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming <paramref name="field"/> and the words allowed.</exception>
    public static PipelineRunState ParseRunState(string? text, string field = "state") => text switch
    {
        "running" => PipelineRunState.Running,
        "succeeded" => PipelineRunState.Succeeded,
        "failed" => PipelineRunState.Failed,
        _ => throw Invalid(text, field, "running, succeeded or failed"),
    };

    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming <paramref name="field"/> and the words allowed.</exception>
    public static StepState ParseStepState(string? text, string field = "state") => text switch
    {
        "pending" => StepState.Pending,
        "running" => StepState.Running,
        "succeeded" => StepState.Succeeded,
        "failed" => StepState.Failed,
        "skipped" => StepState.Skipped,
        _ => throw Invalid(text, field, "pending, running, succeeded, failed or skipped"),
    };

    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming <paramref name="field"/> and the words allowed.</exception>
    public static PipelineTrigger ParseTrigger(string? text, string field = "trigger") => text switch
    {
        "manual" => PipelineTrigger.Manual,
        "schedule" => PipelineTrigger.Schedule,
        "retry" => PipelineTrigger.Retry,
        _ => throw Invalid(text, field, "manual, schedule or retry"),
    };

    private static ArgusException Invalid(string? text, string field, string allowed) => text is null
        ? ArgusException.MissingParameter(field)
        : ArgusException.InvalidParameter($"Invalid value \"{text}\" for '{field}': use {allowed}.");
}
