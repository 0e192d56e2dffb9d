using Argus.Core.Errors;
using Argus.Core.Jobs;

namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// <c>kind: push-metrics</c>: pushes the process's monitoring metrics (the latest window of each model a <c>monitor</c>
/// step computed here) and its job metrics for the job to a Prometheus Pushgateway, as <see cref="JobPush.PushAsync"/>
/// does, so a pipeline that exits leaves them for Prometheus to scrape.
/// </summary>
public sealed class PushMetricsStep : IStepKind
{
    public string Name => "push-metrics";

    public string Description => "Push the monitoring and job metrics of this process to a Prometheus Pushgateway.";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("pushgateway", false, $"The Pushgateway's URL (default ${JobPushOptions.EnvironmentVariable})."),
        new("job", false, "The job of the grouping key (default the pipeline's name)."),
        new("instance", false, "The instance of the grouping key (default the machine's name)."),
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        JobPushOptions push;
        try
        {
            push = JobPushOptions.From(context.TextOrNull("pushgateway"), context.TextOrNull("instance"))
                ?? throw context.SettingError("pushgateway", $"is required when {JobPushOptions.EnvironmentVariable} is not set.");
        }
        catch (ArgusException e) when (!e.Message.StartsWith("Step ", StringComparison.Ordinal))
        {
            throw context.SettingError("pushgateway", e.Message);
        }

        var job = context.TextOrNull("job") ?? context.PipelineName;
        try
        {
            await JobPush.PushAsync(job, push, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e)
        {
            throw context.WithStep(e);
        }

        await context.Log.WriteLineAsync($"Pushed the monitoring and job metrics to {push.Pushgateway} as job '{job}', instance '{push.Instance}'").ConfigureAwait(false);
        return new Dictionary<string, string>(StringComparer.Ordinal) { ["pushed"] = "true" };
    }
}
