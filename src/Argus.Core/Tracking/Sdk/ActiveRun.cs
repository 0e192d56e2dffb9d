using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Argus.Core.Artifacts;

namespace Argus.Core.Tracking.Sdk;

/// <summary>
/// An open run. Params, metrics and tags are buffered and sent in batches within MLflow's limits
/// (a full batch or <see cref="TrackerOptions.FlushInterval"/>, whichever comes first); a failed
/// background flush is reported by the next <see cref="FlushAsync"/> or by disposal.
/// Disposing flushes and ends the run: FINISHED, or FAILED when an exception thrown by the code
/// that opened the run is what ended its scope.
/// </summary>
public sealed class ActiveRun : IAsyncDisposable
{
    private readonly Tracker _tracker;
    private readonly Tracker.RunScope _scope;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly ITimer _timer;
    private List<Metric> _metrics = [];
    private List<Param> _params = [];
    private List<Tag> _tags = [];
    private Exception? _backgroundFailure;
    private Exception? _pendingException;
    private int _ended;

    internal ActiveRun(Tracker tracker, RunInfo info, Tracker.RunScope scope)
    {
        _tracker = tracker;
        _scope = scope;
        Info = info;
        scope.Run = this;
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChanceException;
        _timer = tracker.Options.TimeProvider.CreateTimer(static s => ((ActiveRun)s!).FlushInBackground(), this, tracker.Options.FlushInterval, tracker.Options.FlushInterval);
    }

    public RunInfo Info { get; }

    public string RunId => Info.RunId;

    public string ExperimentId => Info.ExperimentId;

    public string ArtifactUri => Info.ArtifactUri;

    internal bool IsEnded => Volatile.Read(ref _ended) != 0;

    private long Now => _tracker.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Buffers a param (immutable: a different value for a logged key fails the flush).</summary>
    public void LogParam(string key, string value) => Buffer(() => _params.Add(new Param(key, value)));

    /// <summary>Buffers a metric point; the timestamp defaults to now.</summary>
    public void LogMetric(string key, double value, long step = 0, long? timestamp = null)
    {
        var point = new Metric(key, value, timestamp ?? Now, step);
        var full = false;
        Buffer(() =>
        {
            _metrics.Add(point);
            full = _metrics.Count >= _tracker.Options.FlushAtMetrics;
        });
        if (full)
        {
            FlushInBackground();
        }
    }

    public void SetTag(string key, string value) => Buffer(() => _tags.Add(new Tag(key, value)));

    /// <summary>Sends everything buffered; throws the first failure of this or an earlier background flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
        _pendingException = null;
    }

    private async Task FlushCoreAsync(CancellationToken cancellationToken)
    {
        await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Exchange(ref _backgroundFailure, null) is { } earlier)
            {
                ExceptionDispatchInfo.Capture(earlier).Throw();
            }

            List<Metric> metrics;
            List<Param> parameters;
            List<Tag> tags;
            lock (_gate)
            {
                (metrics, _metrics) = (_metrics, []);
                (parameters, _params) = (_params, []);
                (tags, _tags) = (_tags, []);
            }

            // Params and tags first, in their own batches, so a rejected param cannot take metrics with it.
            for (var i = 0; i < parameters.Count || i < tags.Count; i += TrackingLimits.MaxParamsPerBatch)
            {
                var p = parameters.Skip(i).Take(TrackingLimits.MaxParamsPerBatch).ToList();
                var t = tags.Skip(i).Take(TrackingLimits.MaxTagsPerBatch).ToList();
                await _tracker.Store.LogBatchAsync(RunId, [], p, t, cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < metrics.Count; i += TrackingLimits.MaxMetricsPerBatch)
            {
                var chunk = metrics.GetRange(i, Math.Min(TrackingLimits.MaxMetricsPerBatch, metrics.Count - i));
                await _tracker.Store.LogBatchAsync(RunId, chunk, [], [], cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    /// <summary>Records a dataset this run used, e.g. with context "training" or "evaluation".</summary>
    public async Task LogInputAsync(Dataset dataset, string? context = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Tag> tags = context is null ? [] : [new Tag(DatasetInput.ContextTag, context)];
        await _tracker.Store.LogInputsAsync(RunId, [new DatasetInput(tags, dataset)], cancellationToken).ConfigureAwait(false);
        _pendingException = null;
    }

    /// <summary>Uploads a local file as an artifact, at <paramref name="artifactPath"/> (default: the file name).</summary>
    public async Task LogArtifactAsync(string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await Artifacts().WriteAsync(artifactPath ?? Path.GetFileName(localPath), stream, null, cancellationToken).ConfigureAwait(false);
        _pendingException = null;
    }

    /// <summary>Writes text as an artifact file.</summary>
    public async Task LogTextAsync(string text, string artifactPath, CancellationToken cancellationToken = default)
    {
        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        await Artifacts().WriteAsync(artifactPath, stream, null, cancellationToken).ConfigureAwait(false);
        _pendingException = null;
    }

    /// <summary>The artifact repository of this run.</summary>
    public IArtifactRepository Artifacts() => ArtifactRepositories.For(ArtifactUri, _tracker.Store);

    /// <summary>Flushes and ends the run with <paramref name="status"/>; later calls do nothing.</summary>
    public async Task EndAsync(RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        Detach();
        Exception? flushFailure = null;
        try
        {
            await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            flushFailure = e;
            status = status == RunStatus.Finished ? RunStatus.Failed : status;
        }

        await _tracker.Store.UpdateRunAsync(RunId, new RunUpdate(status, Now), cancellationToken).ConfigureAwait(false);
        if (flushFailure is not null)
        {
            ExceptionDispatchInfo.Capture(flushFailure).Throw();
        }
    }

    public async ValueTask DisposeAsync()
    {
        var failed = IsEnded ? false : EndedByException();
        await EndAsync(failed ? RunStatus.Failed : RunStatus.Finished, CancellationToken.None).ConfigureAwait(false);
        _flushLock.Dispose();
    }

    private void Buffer(Action add)
    {
        ObjectDisposedException.ThrowIf(IsEnded, this);
        lock (_gate)
        {
            add();
        }

        _pendingException = null;
    }

    private void FlushInBackground()
    {
        if (IsEnded)
        {
            return;
        }

        // Outside the run's async flow, so the flush's own exceptions are never taken for the caller's.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await FlushCoreAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _backgroundFailure, e, null);
                }
            });
        }
    }

    // An exception thrown in the flow that opened this run is remembered until the next SDK call
    // succeeds; at disposal it counts only if it unwound into the method that opened the run (so one
    // caught inside a callee, e.g. a library retrying internally, never fails the run).
    private void OnFirstChanceException(object? sender, FirstChanceExceptionEventArgs e)
    {
        if (IsEnded)
        {
            return;
        }

        for (var scope = Tracker.RunScope.Current; scope is not null; scope = scope.Parent)
        {
            if (scope == _scope)
            {
                _pendingException = e.Exception;
                return;
            }
        }
    }

    private bool EndedByException()
    {
        if (_pendingException is not { } exception || _scope.Owner is not { } owner)
        {
            return false;
        }

        foreach (var frame in new StackTrace(exception, false).GetFrames())
        {
            if (frame.GetMethod() is { } method && method.MethodHandle == owner.MethodHandle)
            {
                return true;
            }
        }

        return false;
    }

    private void Detach()
    {
        AppDomain.CurrentDomain.FirstChanceException -= OnFirstChanceException;
        _timer.Dispose();
    }
}
