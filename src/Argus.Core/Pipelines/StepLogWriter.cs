using System.Globalization;
using System.Text;
using Argus.Core.Pipelines.Runs;
using Microsoft.Extensions.Logging;

namespace Argus.Core.Pipelines;

/// <summary>
/// A step attempt's <see cref="Steps.StepContext.Log"/>: each complete line goes to <c>onLine</c> at once and, in
/// batches, to the store (<see cref="IPipelineStore.AppendStepLogAsync"/>) — at least every <see cref="FlushInterval"/>,
/// sooner when <see cref="BatchLength"/> characters wait, and on <see cref="DisposeAsync"/>. Memory is bounded: when the
/// store falls behind by <see cref="MaxPendingLength"/> characters, further lines are dropped and counted in one note.
/// Safe to write from several threads (a command's stdout and stderr).
/// </summary>
internal sealed class StepLogWriter : TextWriter
{
    /// <summary>The longest wait before a written line is stored.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>Characters waiting that make the writer store them without waiting for the interval.</summary>
    public const int BatchLength = 64 * 1024;

    /// <summary>Characters waiting beyond which lines are dropped until the store catches up.</summary>
    public const int MaxPendingLength = 1024 * 1024;

    private readonly IPipelineStore _store;
    private readonly string _runId;
    private readonly string _step;
    private readonly Action<string, string>? _onLine;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly StringBuilder _line = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _timer;
    private readonly Task _loop;
    private StringBuilder _pending = new();
    private long _dropped;
    private bool _disposed;

    public StepLogWriter(IPipelineStore store, string runId, string step, TimeProvider time, Action<string, string>? onLine, ILogger logger)
        : base(CultureInfo.InvariantCulture)
    {
        _store = store;
        _runId = runId;
        _step = step;
        _onLine = onLine;
        _logger = logger;
        _timer = time.CreateTimer(static state => ((StepLogWriter)state!).Wake(), this, FlushInterval, FlushInterval);
        _loop = Task.Run(FlushLoopAsync);
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write([value]);

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        List<string>? lines = null;
        lock (_gate)
        {
            foreach (var c in buffer)
            {
                if (c == '\n')
                {
                    (lines ??= []).Add(CompleteLine());
                }
                else if (c != '\r')
                {
                    _line.Append(c);
                }
            }
        }

        if (lines is not null)
        {
            foreach (var line in lines)
            {
                _onLine?.Invoke(_step, line);
            }
        }
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        WriteLine();
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        // Writes are stored asynchronously; FlushAsync stores them now.
    }

    /// <summary>Stores every complete line written so far.</summary>
    public override Task FlushAsync() => StoreAsync();

    public override async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        string? last = null;
        lock (_gate)
        {
            if (_line.Length > 0)
            {
                last = CompleteLine();
            }
        }

        if (last is not null)
        {
            _onLine?.Invoke(_step, last);
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await StoreAsync().ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
        _flushing.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    // Under _gate: moves the current line to the pending text (or counts it dropped) and returns it.
    private string CompleteLine()
    {
        var line = _line.ToString();
        _line.Clear();
        if (_pending.Length + line.Length + 1 > MaxPendingLength)
        {
            _dropped++;
        }
        else
        {
            _pending.Append(line).Append('\n');
            if (_pending.Length >= BatchLength)
            {
                Wake();
            }
        }

        return line;
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: the last store has run or is running.
            }
        }
    }

    private async Task FlushLoopAsync()
    {
        try
        {
            while (true)
            {
                await _wake.WaitAsync(_stop.Token).ConfigureAwait(false);
                await StoreAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: DisposeAsync stores what is left.
        }
    }

    private async Task StoreAsync()
    {
        await _flushing.WaitAsync().ConfigureAwait(false);
        try
        {
            string text;
            lock (_gate)
            {
                if (_dropped > 0)
                {
                    _pending.Append(CultureInfo.InvariantCulture, $"[argus: {_dropped} log lines dropped: they came faster than the store took them]\n");
                    _dropped = 0;
                }

                if (_pending.Length == 0)
                {
                    return;
                }

                text = _pending.ToString();
                _pending = new StringBuilder();
            }

            try
            {
                // Not cancellable: a cancelled or timed-out attempt's last lines are what explains it.
                await _store.AppendStepLogAsync(_runId, _step, text, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                PipelineMessages.LogNotStored(_logger, _runId, _step, e.Message);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }
}
