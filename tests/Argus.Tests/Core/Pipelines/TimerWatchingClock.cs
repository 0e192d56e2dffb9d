using Argus.Tests.Core.Inference;

namespace Argus.Tests.Core.Pipelines;

/// <summary>
/// A <see cref="ManualTimeProvider"/> that tells when a timer is set: a test waits until the code under test waits
/// (a retry delay, a timeout, a heartbeat) and only then moves the clock, so nothing depends on real time passing.
/// </summary>
internal sealed class TimerWatchingClock(DateTimeOffset start) : TimeProvider
{
    private readonly ManualTimeProvider _clock = new(start);
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _set = [];
    private readonly List<(TimeSpan Due, TaskCompletionSource Signal)> _waiters = [];

    public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => _clock.LocalTimeZone;

    public override long TimestampFrequency => _clock.TimestampFrequency;

    public override long GetTimestamp() => _clock.GetTimestamp();

    public void Advance(TimeSpan by) => _clock.Advance(by);

    /// <summary>Completes once a timer has been set to fire <paramref name="due"/> from when it was set (each timer set answers one wait).</summary>
    public Task TimerSetAsync(TimeSpan due)
    {
        lock (_gate)
        {
            var index = _set.IndexOf(due);
            if (index >= 0)
            {
                _set.RemoveAt(index);
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((due, signal));
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, _clock.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private void Set(TimeSpan due)
    {
        if (due == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        TaskCompletionSource? signal = null;
        lock (_gate)
        {
            var index = _waiters.FindIndex(w => w.Due == due);
            if (index >= 0)
            {
                signal = _waiters[index].Signal;
                _waiters.RemoveAt(index);
            }
            else
            {
                _set.Add(due);
            }
        }

        signal?.TrySetResult();
    }

    private sealed class WatchedTimer(TimerWatchingClock owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            owner.Set(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
