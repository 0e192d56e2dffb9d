namespace Argus.Core.Pipelines;

/// <summary>
/// A pipeline as its YAML file defines it: a name, parameters with defaults (overridable per run), and named steps
/// forming a DAG through <see cref="StepDefinition.Needs"/>. Built only by <c>PipelineYaml</c>, which validates it
/// completely (every error listed at once; cycles, unknown dependencies, unknown kinds and settings rejected).
/// </summary>
public sealed record PipelineDefinition
{
    /// <summary>Names a pipeline: letters, digits, '-', '_', '.', '/'; at most 200 characters.</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Parameters and their default values, read as <c>${{ params.NAME }}</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The steps in file order (a topological order is computed by the runner).</summary>
    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    /// <summary>Who is told when a run fails after its retries (the <c>on_failure</c> block); null tells no one.</summary>
    public Notifications.NotificationOptions? OnFailure { get; init; }

    /// <summary>The YAML text the definition was read from, stored with every run so a run can be retried as it was.</summary>
    public required string Source { get; init; }
}

/// <summary>One step: what kind of work, what it needs first, how it is retried and bounded, and its settings.</summary>
public sealed record StepDefinition
{
    /// <summary>Unique in the pipeline: letters, digits, '-', '_'.</summary>
    public required string Name { get; init; }

    /// <summary>The step kind (<c>data</c>, <c>tune</c>, <c>train</c>, <c>register</c>, <c>evaluate</c>, <c>promote</c>,
    /// <c>monitor</c>, <c>report</c>, <c>notify</c>, <c>push-metrics</c>, <c>command</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>Steps that must succeed before this one starts.</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    public RetryPolicy Retry { get; init; } = RetryPolicy.None;

    /// <summary>How long one attempt may take; null is unbounded.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The kind's settings as written (the <c>with</c> block): strings that may hold <c>${{ params.X }}</c>,
    /// <c>${{ steps.S.outputs.K }}</c> and <c>${{ run.id }}</c>, resolved just before the step runs. Lists stay lists.
    /// </summary>
    public IReadOnlyDictionary<string, StepValue> With { get; init; } = new Dictionary<string, StepValue>();
}

/// <summary>A setting's value: text (possibly with expressions) or a list of texts.</summary>
public sealed record StepValue(string? Text, IReadOnlyList<string>? List)
{
    public static StepValue Of(string text) => new(text, null);

    public static StepValue Of(IReadOnlyList<string> list) => new(null, list);

    public override string ToString() => Text ?? "[" + string.Join(", ", List ?? []) + "]";
}

/// <summary>
/// How a failed attempt is retried: up to <see cref="Retries"/> more attempts, the first after <see cref="Delay"/>, each
/// next one <see cref="Backoff"/> times longer, never more than <see cref="MaxDelay"/>.
/// </summary>
public sealed record RetryPolicy(int Retries, TimeSpan Delay, double Backoff = 2, TimeSpan? MaxDelay = null)
{
    public static RetryPolicy None { get; } = new(0, TimeSpan.Zero);

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 = the first retry).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        if (attempt <= 1)
        {
            return TimeSpan.Zero;
        }

        var ticks = Delay.Ticks * Math.Pow(Backoff, attempt - 2);
        var capped = MaxDelay is { } max ? Math.Min(ticks, max.Ticks) : ticks;
        return TimeSpan.FromTicks((long)Math.Min(capped, TimeSpan.MaxValue.Ticks / 2));
    }
}
