using System.Diagnostics;

namespace Argus.Bench;

/// <summary>Times an in-process operation: warm-up calls, then timed calls, bounded by a deadline.</summary>
internal static class Timing
{
    public static async Task<Percentiles> MeasureAsync(Func<Task> action, int warmup, int iterations, double maxSeconds = 60)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(maxSeconds * Stopwatch.Frequency);
        for (var i = 0; i < warmup; i++)
        {
            await action().ConfigureAwait(false);
        }

        var ms = new List<double>(iterations);
        for (var i = 0; i < iterations && Stopwatch.GetTimestamp() < deadline; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action().ConfigureAwait(false);
            ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return new Percentiles(ms);
    }

    public static Percentiles Measure(Action action, int warmup, int iterations, double maxSeconds = 60) =>
        MeasureAsync(() =>
        {
            action();
            return Task.CompletedTask;
        }, warmup, iterations, maxSeconds).GetAwaiter().GetResult();
}
