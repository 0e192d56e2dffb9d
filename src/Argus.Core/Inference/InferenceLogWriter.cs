using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Argus.Core.Inference;

/// <summary>
/// Appends <see cref="InferenceRecord"/>s to the inference log without slowing the request that made them.
/// <para>
/// A request thread only puts the record into a bounded in-memory channel (<see cref="InferenceLogOptions.Capacity"/>);
/// one background task drains it in batches, serializes the records as JSON Lines and appends each batch to the
/// partition files <c>&lt;root&gt;/&lt;model&gt;/&lt;yyyy-MM-dd&gt;/&lt;HH&gt;-&lt;instance&gt;.jsonl</c> (the record's UTC hour), written to
/// the OS after every batch and fsynced at most every <see cref="InferenceLogOptions.FsyncInterval"/>. After a small
/// batch it waits <see cref="InferenceLogOptions.BatchDelay"/> before the next, so a steady stream of requests costs
/// one wake-up and one write per few milliseconds rather than per record.
/// </para>
/// <para>
/// Full buffer: <see cref="WriteAsync"/> waits up to <see cref="InferenceLogOptions.MaxBlock"/> for room, then drops the
/// record and counts it (<see cref="Dropped"/>, metric <c>argus.inference.log.dropped</c>); <see cref="TryWrite"/> drops
/// at once. Neither throws for a full buffer or a disk problem. A failed write is logged, counted and retried with
/// backoff; the batch stays in memory meanwhile and the writer takes no more from the channel, so memory stays bounded
/// and a disk that stays broken shows up as drops.
/// </para>
/// <para>
/// <see cref="DisposeAsync"/> is the graceful shutdown: it stops accepting, drains everything accepted, writes, fsyncs
/// and closes. Only a disk that still fails after <see cref="InferenceLogOptions.ShutdownTimeout"/> loses records (logged
/// and counted as dropped).
/// </para>
/// </summary>
public sealed class InferenceLogWriter : IAsyncDisposable
{
    private const int MaxBatchRecords = 4096;
    private const int MaxBatchBytes = 4 << 20;

    // A late record for an hour that just ended reopens its file; closing only after a grace keeps that rare.
    private static readonly TimeSpan CloseGrace = TimeSpan.FromMinutes(1);

    private readonly InferenceLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<LogEntry> _channel;
    private readonly string _root;
    private readonly string _rootPrefix;
    private readonly Dictionary<string, string> _modelDirectories = new(StringComparer.Ordinal);

    // Keyed by directory name ignoring case, so two models whose names differ only in case share one file (and one
    // offset) on a case-insensitive file system; each line names its model, and the reader filters by it.
    private readonly Dictionary<(string Directory, long Hour), PartitionFile> _files = new(PartitionKeyComparer.Instance);
    private readonly List<PartitionFile> _batch = [];
    private readonly List<TaskCompletionSource> _flushWaiters = [];
    private readonly Utf8JsonWriter _json;
    private readonly ITimer _fsyncTimer;
    private readonly Task _loop;
    private PartitionFile? _lastFile;
    private string? _lastModel;
    private DateTimeOffset _lastFsync;
    private DateTimeOffset _nextCloseCheck;
    private DateTimeOffset? _abandonAt;
    private long _dropped;
    private long _written;
    private long _writeErrors;
    private int _tickQueued;
    private int _pendingFlushes;
    private TaskCompletionSource _nudge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;
    private volatile bool _unsynced;
    private volatile bool _closing;

    /// <summary>Validates the options and starts the background writer.</summary>
    public InferenceLogWriter(InferenceLogOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = options.TimeProvider;
        _logger = logger ?? NullLogger.Instance;
        _root = Path.GetFullPath(options.Root);
        _rootPrefix = Path.EndsInDirectorySeparator(_root) ? _root : _root + Path.DirectorySeparatorChar;
        Instance = options.Instance ?? InferenceLogPaths.DefaultInstance;
        _channel = Channel.CreateBounded<LogEntry>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _json = new Utf8JsonWriter(Stream.Null, InferenceJson.WriterOptions);
        _lastFsync = _time.GetUtcNow();
        _nextCloseCheck = _lastFsync;
        InferenceMetrics.Register(this);
        _fsyncTimer = _time.CreateTimer(static state => ((InferenceLogWriter)state!).OnFsyncTimer(), this, options.FsyncInterval, options.FsyncInterval);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>This process's id in the log's file names.</summary>
    public string Instance { get; }

    /// <summary>Records dropped so far: buffer full past <see cref="InferenceLogOptions.MaxBlock"/>, written after shutdown began, not serializable, or given up at shutdown.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records written to the files so far (handed to the OS; fsynced within <see cref="InferenceLogOptions.FsyncInterval"/>).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Failed file writes and fsyncs so far (each retried).</summary>
    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    /// <summary>Records waiting in memory for the background writer.</summary>
    public int QueueDepth => _channel.Reader.CanCount ? _channel.Reader.Count : 0;

    /// <summary>
    /// Queues a record without waiting: false (the record dropped and counted) when the buffer is full or the writer is
    /// shutting down.
    /// </summary>
    /// <exception cref="ArgumentException">The record is malformed (no model, or outputs that are not rows × width).</exception>
    public bool TryWrite(InferenceRecord record)
    {
        Check(record);
        if (_channel.Writer.TryWrite(new LogEntry(record, null)))
        {
            return true;
        }

        CountDropped(1);
        return false;
    }

    /// <summary>
    /// Queues a record; when the buffer is full, waits up to <see cref="InferenceLogOptions.MaxBlock"/> for room, then
    /// drops and counts it. Completes synchronously while there is room. True when the record was accepted: an
    /// accepted record is written unless the disk fails past the shutdown timeout.
    /// </summary>
    /// <exception cref="ArgumentException">The record is malformed (no model, or outputs that are not rows × width).</exception>
    public ValueTask<bool> WriteAsync(InferenceRecord record)
    {
        Check(record);
        return _channel.Writer.TryWrite(new LogEntry(record, null)) ? new ValueTask<bool>(true) : WaitForRoomAsync(record);
    }

    /// <summary>
    /// Waits until every record accepted before this call is written and fsynced. For tests, tools and the end of a
    /// batch job; a server has no need to call it.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _pendingFlushes);
        try
        {
            await _channel.Writer.WriteAsync(new LogEntry(null, done), cancellationToken).ConfigureAwait(false);
            Nudge();
        }
        catch (OperationCanceledException)
        {
            Interlocked.Decrement(ref _pendingFlushes);
            throw;
        }
        catch (ChannelClosedException)
        {
            Interlocked.Decrement(ref _pendingFlushes);
            // Shutting down: the shutdown drains, writes and fsyncs everything.
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Graceful shutdown: stops accepting records, writes and fsyncs everything accepted, closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _closing = true;
            _channel.Writer.TryComplete();
            Nudge();
            await _fsyncTimer.DisposeAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            _json.Dispose();
            InferenceMetrics.Unregister(this);
        }
        else
        {
            await _loop.ConfigureAwait(false);
        }
    }

    private static void Check(InferenceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.Model, nameof(record));
        if (record.OutputWidth < 1 || record.Outputs is null || record.Outputs.Length % record.OutputWidth != 0)
        {
            throw new ArgumentException("Outputs must hold OutputWidth (at least 1) values per row.", nameof(record));
        }
    }

    private async ValueTask<bool> WaitForRoomAsync(InferenceRecord record)
    {
        var maxBlock = _options.MaxBlock;
        if (maxBlock == TimeSpan.Zero || _closing)
        {
            CountDropped(1);
            return false;
        }

        using var timeout = maxBlock == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(maxBlock, _time);
        try
        {
            while (await _channel.Writer.WaitToWriteAsync(timeout?.Token ?? CancellationToken.None).ConfigureAwait(false))
            {
                if (_channel.Writer.TryWrite(new LogEntry(record, null)))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // MaxBlock elapsed: drop below.
        }

        CountDropped(1);
        return false;
    }

    // The batch delay: ends early when a flush is waiting or shutdown has begun. The nudge is published before the
    // check, so a flush that the check misses nudges this wait.
    private async Task LingerAsync()
    {
        var nudge = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _nudge, nudge);
        if (Volatile.Read(ref _pendingFlushes) > 0 || _closing)
        {
            return;
        }

        using var cancel = new CancellationTokenSource();
        var delay = Task.Delay(_options.BatchDelay, _time, cancel.Token);
        if (await Task.WhenAny(delay, nudge.Task).ConfigureAwait(false) != delay)
        {
            await cancel.CancelAsync().ConfigureAwait(false);
        }
    }

    private void Nudge() => Volatile.Read(ref _nudge).TrySetResult();

    private void CountDropped(long count)
    {
        Interlocked.Add(ref _dropped, count);
        InferenceMetrics.Dropped.Add(count);
    }

    private void OnFsyncTimer()
    {
        // An idle writer still fsyncs its last batch within the interval: the timer wakes it with a control entry.
        if (_unsynced && Interlocked.Exchange(ref _tickQueued, 1) == 0 && !_channel.Writer.TryWrite(default))
        {
            Volatile.Write(ref _tickQueued, 0);
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var fsyncNow = false;
                var batchBytes = 0;
                var records = 0;
                while (records < MaxBatchRecords && batchBytes < MaxBatchBytes && reader.TryRead(out var entry))
                {
                    if (entry.Record is { } record)
                    {
                        batchBytes += Serialize(record);
                        records++;
                    }
                    else if (entry.Flush is { } flush)
                    {
                        Interlocked.Decrement(ref _pendingFlushes);
                        // Everything accepted before the flush request is in this batch: write, fsync, then answer.
                        _flushWaiters.Add(flush);
                        fsyncNow = true;
                        break;
                    }
                    else
                    {
                        Volatile.Write(ref _tickQueued, 0);
                    }
                }

                await WriteBatchAsync().ConfigureAwait(false);
                var now = _time.GetUtcNow();
                if (fsyncNow || now - _lastFsync >= _options.FsyncInterval)
                {
                    FsyncAll(now);
                }

                CompleteFlushWaiters();
                if (now >= _nextCloseCheck)
                {
                    CloseEndedHours(now);
                }

                if (records < MaxBatchRecords && batchBytes < MaxBatchBytes && _options.BatchDelay > TimeSpan.Zero)
                {
                    await LingerAsync().ConfigureAwait(false);
                }
            }

            await WriteBatchAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            InferenceLogMessages.WriterFailed(_logger, e);
            _channel.Writer.TryComplete();
            long lost = 0;
            foreach (var file in _batch)
            {
                lost += file.PendingRecords;
            }

            while (reader.TryRead(out var entry))
            {
                if (entry.Record is not null)
                {
                    lost++;
                }
                else
                {
                    entry.Flush?.TrySetResult();
                }
            }

            CountDropped(lost);
        }
        finally
        {
            FsyncAll(_time.GetUtcNow());
            foreach (var file in _files.Values)
            {
                file.CloseHandle();
            }

            _files.Clear();
            CompleteFlushWaiters();
        }
    }

    /// <summary>Serializes one record into its partition's pending bytes; returns the bytes added.</summary>
    private int Serialize(InferenceRecord record)
    {
        if (FileFor(record) is not { } file)
        {
            CountDropped(1);
            return 0;
        }

        var pending = file.Pending;
        var start = pending.Length;
        try
        {
            _json.Reset(pending);
            InferenceJson.WriteRecord(_json, record);
            _json.Flush();
            pending.WriteByte((byte)'\n');
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            pending.Truncate(start);
            _json.Reset(Stream.Null);
            InferenceLogMessages.InvalidRecord(_logger, e, record.RequestId, record.Model);
            CountDropped(1);
            return 0;
        }

        if (file.PendingRecords++ == 0)
        {
            _batch.Add(file);
        }

        return pending.Length - start;
    }

    private PartitionFile? FileFor(InferenceRecord record)
    {
        var hour = record.Timestamp.UtcTicks / TimeSpan.TicksPerHour;
        if (_lastFile is { } last && last.Hour == hour && string.Equals(_lastModel, record.Model, StringComparison.Ordinal))
        {
            return last;
        }

        if (!_modelDirectories.TryGetValue(record.Model, out var directory))
        {
            directory = InferenceLogPaths.ModelDirectoryName(record.Model);
            _modelDirectories[record.Model] = directory;
        }

        if (!_files.TryGetValue((directory, hour), out var file))
        {
            var path = InferenceLogPaths.PartitionPath(_root, directory, hour, Instance);
            if (!Path.GetFullPath(path).StartsWith(_rootPrefix, StringComparison.Ordinal))
            {
                // Escaping makes this impossible; checked anyway, because a log must never write outside its root.
                InferenceLogMessages.OutsideRoot(_logger, record.Model, _root);
                return null;
            }

            file = new PartitionFile(path, hour);
            _files.Add((directory, hour), file);
        }

        _lastFile = file;
        _lastModel = record.Model;
        return file;
    }

    /// <summary>
    /// Writes every pending partition of the batch. A failure leaves that partition's bytes pending and retries with
    /// backoff (nothing new is taken from the channel meanwhile); positional writes at the file's known end make a
    /// retry overwrite whatever part of the failed write reached the file, so nothing is duplicated.
    /// </summary>
    private async Task WriteBatchAsync()
    {
        var failures = 0;
        var delay = _options.RetryDelay;
        while (true)
        {
            Exception? failure = null;
            string? failedPath = null;
            foreach (var file in _batch)
            {
                if (file.PendingRecords == 0)
                {
                    continue;
                }

                try
                {
                    Write(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    file.CloseHandle();
                    failure = e;
                    failedPath = file.Path;
                }
            }

            if (failure is null)
            {
                _batch.Clear();
                if (failures > 0)
                {
                    InferenceLogMessages.WriteRecovered(_logger, failures);
                }

                return;
            }

            failures++;
            Interlocked.Increment(ref _writeErrors);
            InferenceMetrics.WriteErrors.Add(1);
            if (_closing)
            {
                var now = _time.GetUtcNow();
                _abandonAt ??= now + _options.ShutdownTimeout;
                if (now >= _abandonAt)
                {
                    AbandonBatch();
                    return;
                }
            }

            InferenceLogMessages.WriteFailed(_logger, failure, failedPath!, failures, delay);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time).ConfigureAwait(false);
            }
            else
            {
                await Task.Yield();
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }
    }

    private void AbandonBatch()
    {
        long lost = 0;
        foreach (var file in _batch)
        {
            lost += file.PendingRecords;
            file.Pending.Clear();
            file.PendingRecords = 0;
        }

        _batch.Clear();
        InferenceLogMessages.RecordsAbandoned(_logger, lost, _options.ShutdownTimeout);
        CountDropped(lost);
    }

    private void Write(PartitionFile file)
    {
        _options.IoHook?.Invoke(InferenceLogIo.Write, file.Path);
        var handle = file.Open();
        var bytes = file.Pending.WrittenSpan;
        RandomAccess.Write(handle, bytes, file.Offset);
        file.Offset += bytes.Length;
        file.Unsynced = true;
        _unsynced = true;
        Interlocked.Add(ref _written, file.PendingRecords);
        InferenceMetrics.Records.Add(file.PendingRecords);
        InferenceMetrics.Bytes.Add(bytes.Length);
        file.Pending.Clear();
        file.PendingRecords = 0;
        _options.IoHook?.Invoke(InferenceLogIo.Written, file.Path);
    }

    private void FsyncAll(DateTimeOffset now)
    {
        var allSynced = true;
        foreach (var file in _files.Values)
        {
            allSynced &= Fsync(file);
        }

        _lastFsync = now;
        _unsynced = !allSynced;
    }

    private bool Fsync(PartitionFile file)
    {
        if (!file.Unsynced || file.Handle is not { } handle)
        {
            return true;
        }

        try
        {
            _options.IoHook?.Invoke(InferenceLogIo.Fsync, file.Path);
            RandomAccess.FlushToDisk(handle);
            file.Unsynced = false;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _writeErrors);
            InferenceMetrics.WriteErrors.Add(1);
            InferenceLogMessages.FsyncFailed(_logger, e, file.Path);
            return false;
        }
    }

    private void CompleteFlushWaiters()
    {
        foreach (var waiter in _flushWaiters)
        {
            waiter.TrySetResult();
        }

        _flushWaiters.Clear();
    }

    /// <summary>Fsyncs and closes the files of hours that ended (plus a grace for late records).</summary>
    private void CloseEndedHours(DateTimeOffset now)
    {
        _nextCloseCheck = now + CloseGrace;
        var cutoff = (now - CloseGrace).UtcTicks / TimeSpan.TicksPerHour;
        List<(string, long)>? ended = null;
        foreach (var (key, file) in _files)
        {
            if (file.Hour < cutoff && file.PendingRecords == 0 && Fsync(file))
            {
                file.CloseHandle();
                (ended ??= []).Add(key);
            }
        }

        if (ended is null)
        {
            return;
        }

        foreach (var key in ended)
        {
            _files.Remove(key);
        }

        _lastFile = null;
    }

    /// <summary>One open partition file: its handle, the offset of its end and the bytes not yet written.</summary>
    private sealed class PartitionFile(string path, long hour)
    {
        public string Path { get; } = path;

        public long Hour { get; } = hour;

        public ByteBuffer Pending { get; } = new();

        public int PendingRecords { get; set; }

        public SafeFileHandle? Handle { get; private set; }

        /// <summary>Where the next write goes; -1 until the file is first opened.</summary>
        public long Offset { get; set; } = -1;

        public bool Unsynced { get; set; }

        public SafeFileHandle Open()
        {
            if (Handle is { } open)
            {
                return open;
            }

            var handle = LogFiles.OpenForAppend(Path);
            try
            {
                // After a failed write, the known end stands: the retry overwrites the failed write's partial bytes.
                if (Offset < 0)
                {
                    Offset = LogFiles.PrepareAppend(handle);
                }
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            Handle = handle;
            return handle;
        }

        public void CloseHandle()
        {
            Handle?.Dispose();
            Handle = null;
        }
    }

    private sealed class PartitionKeyComparer : IEqualityComparer<(string Directory, long Hour)>
    {
        public static readonly PartitionKeyComparer Instance = new();

        public bool Equals((string Directory, long Hour) x, (string Directory, long Hour) y) =>
            x.Hour == y.Hour && string.Equals(x.Directory, y.Directory, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Directory, long Hour) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Directory), obj.Hour);
    }
}
