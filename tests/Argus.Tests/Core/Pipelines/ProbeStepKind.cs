using System.Collections.Concurrent;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;

namespace Argus.Tests.Core.Pipelines;

/// <summary>
/// <c>kind: probe</c> for the runner tests: writes <c>log</c>, returns <c>out</c> (<c>KEY=VALUE</c> items), fails its
/// first <c>fail_times</c> attempts (or every one with <c>fail</c>), waits for the test's go with <c>wait</c>, or until
/// cancelled with <c>block</c> — and records what ran, when, and how many at once.
/// </summary>
internal sealed class ProbeStepKind : IStepKind
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new(StringComparer.Ordinal);
    private int _running;
    private int _maxRunning;

    public string Name => "probe";

    public string Description => "the runner tests' probe";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("log", false, "a line to log"),
        new("out", false, "outputs as KEY=VALUE", IsList: true),
        new("fail_times", false, "attempts that fail first"),
        new("fail", false, "fail every attempt with this message"),
        new("wait", false, "wait for the test's go"),
        new("block", false, "wait until cancelled"),
    ];

    /// <summary>Step names in the order their attempts started.</summary>
    public ConcurrentQueue<string> Starts { get; } = new();

    /// <summary>Attempts made, by step.</summary>
    public ConcurrentDictionary<string, int> Attempts { get; } = new(StringComparer.Ordinal);

    /// <summary>The most attempts that ran at once.</summary>
    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Completes when an attempt of <paramref name="step"/> has started.</summary>
    public Task StartedAsync(string step) => Signal(_started, step).Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Lets the waiting attempt of <paramref name="step"/> go on.</summary>
    public void Release(string step) => Signal(_gates, step).TrySetResult();

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            Starts.Enqueue(context.StepName);
            var attempt = Attempts.AddOrUpdate(context.StepName, 1, (_, n) => n + 1);
            if (context.TextOrNull("log") is { } line)
            {
                await context.Log.WriteLineAsync(line);
            }

            Signal(_started, context.StepName).TrySetResult();
            if (context.TextOrNull("wait") is not null)
            {
                await Signal(_gates, context.StepName).Task.WaitAsync(cancellationToken);
            }

            if (context.TextOrNull("block") is not null)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            if (context.IntegerOrNull("fail_times") is { } failTimes && attempt <= failTimes)
            {
                throw new ArgusException(ErrorCode.TemporarilyUnavailable, $"probe failure {attempt}");
            }

            if (context.TextOrNull("fail") is { } message)
            {
                throw new InvalidOperationException(message);
            }

            return context.List("out").Select(o => o.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string step) =>
        signals.GetOrAdd(step, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
