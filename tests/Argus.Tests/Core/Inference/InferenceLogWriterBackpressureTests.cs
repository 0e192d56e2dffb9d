using System.Diagnostics.Metrics;
using Argus.Core.Inference;
using Argus.Tests.Infrastructure;
using static Argus.Tests.Core.Inference.InferenceTestData;

namespace Argus.Tests.Core.Inference;

/// <summary>
/// Full buffer, blocked or broken disk. Every test that drops records lives in this class, so the dropped-records
/// metric (a process-wide meter) sees only this class's drops: xUnit runs a class's tests one at a time.
/// </summary>
public sealed class InferenceLogWriterBackpressureTests : IDisposable
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new("argus-inference");
    private readonly SemaphoreSlim _writeEntered = new(0);
    private readonly ManualResetEventSlim _disk = new(false);

    public void Dispose()
    {
        _disk.Set();
        _directory.Dispose();
    }

    private string Root => _directory.Combine("log");

    /// <summary>A writer whose disk blocks each write until the test opens it.</summary>
    private InferenceLogWriter BlockedWriter(int capacity, TimeSpan maxBlock, TimeProvider? clock = null) => new(new InferenceLogOptions
    {
        Root = Root,
        Instance = "i1",
        Capacity = capacity,
        MaxBlock = maxBlock,
        TimeProvider = clock ?? TimeProvider.System,
        BatchDelay = clock is null ? TimeSpan.FromMilliseconds(2) : TimeSpan.Zero, // a manual clock would hold the delay
        IoHook = (io, _) =>
        {
            if (io == InferenceLogIo.Write)
            {
                _writeEntered.Release();
                _disk.Wait();
            }
        },
    });

    [Fact]
    public async Task Write_BufferFullAndDiskBlocked_DropsAndCountsWithoutThrowing()
    {
        long droppedMetric = 0;
        long queueDepthMetric = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Argus.Inference" && instrument.Name is "argus.inference.log.dropped" or "argus.inference.log.queue_depth")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "argus.inference.log.dropped")
            {
                Interlocked.Add(ref droppedMetric, value);
            }
            else
            {
                Interlocked.Exchange(ref queueDepthMetric, value);
            }
        });
        listener.Start();

        var writer = BlockedWriter(capacity: 4, maxBlock: TimeSpan.Zero);
        Assert.True(writer.TryWrite(Record("r0", Start)));
        Assert.True(await _writeEntered.WaitAsync(SignalTimeout));
        for (var i = 1; i <= 4; i++)
        {
            Assert.True(writer.TryWrite(Record($"r{i}", Start.AddSeconds(i))));
        }

        Assert.Equal(4, writer.QueueDepth);
        listener.RecordObservableInstruments();
        // The gauge sums every live writer of the process (other test classes run alongside).
        Assert.True(Interlocked.Read(ref queueDepthMetric) >= 4);
        for (var i = 5; i < 10; i++)
        {
            Assert.False(writer.TryWrite(Record($"r{i}", Start.AddSeconds(i))));
        }

        Assert.False(await writer.WriteAsync(Record("r10", Start.AddSeconds(10))));
        Assert.Equal(6, writer.Dropped);
        Assert.Equal(6, Interlocked.Read(ref droppedMetric));

        _disk.Set();
        await writer.DisposeAsync();
        Assert.Equal(["r0", "r1", "r2", "r3", "r4"], (await ReadAllAsync(Root)).Select(r => r.RequestId));
        Assert.Equal(5, writer.Written);
    }

    [Fact]
    public async Task WriteAsync_BufferFull_WaitsForRoomWithinMaxBlock()
    {
        var clock = new ManualTimeProvider(Start);
        var writer = BlockedWriter(capacity: 1, maxBlock: TimeSpan.FromMilliseconds(5), clock);
        Assert.True(writer.TryWrite(Record("r0", Start)));
        Assert.True(await _writeEntered.WaitAsync(SignalTimeout));
        Assert.True(writer.TryWrite(Record("r1", Start)));

        var waiting = writer.WriteAsync(Record("r2", Start));
        Assert.False(waiting.IsCompleted);
        _disk.Set();

        Assert.True(await waiting);
        await writer.DisposeAsync();
        Assert.Equal(0, writer.Dropped);
        Assert.Equal(3, (await ReadAllAsync(Root)).Count);
    }

    [Fact]
    public async Task WriteAsync_BufferFullPastMaxBlock_DropsAndCounts()
    {
        var clock = new ManualTimeProvider(Start);
        var writer = BlockedWriter(capacity: 1, maxBlock: TimeSpan.FromMilliseconds(5), clock);
        Assert.True(writer.TryWrite(Record("r0", Start)));
        Assert.True(await _writeEntered.WaitAsync(SignalTimeout));
        Assert.True(writer.TryWrite(Record("r1", Start)));

        var waiting = writer.WriteAsync(Record("r2", Start));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(5));

        Assert.False(await waiting);
        Assert.Equal(1, writer.Dropped);
        _disk.Set();
        await writer.DisposeAsync();
        Assert.Equal(["r0", "r1"], (await ReadAllAsync(Root)).Select(r => r.RequestId));
    }

    [Fact]
    public async Task Write_AfterDispose_DroppedNotThrown()
    {
        var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" });
        await writer.DisposeAsync();

        Assert.False(writer.TryWrite(Record("late", Start)));
        Assert.False(await writer.WriteAsync(Record("late", Start)));
        await writer.FlushAsync();
        await writer.DisposeAsync();
        Assert.Equal(2, writer.Dropped);
    }

    [Fact]
    public async Task Write_InputsNotJson_ThatRecordDroppedOthersWritten()
    {
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" }))
        {
            writer.TryWrite(Record("good-1", Start));
            writer.TryWrite(Record("bad", Start) with { Inputs = "[[1,2]"u8.ToArray() });
            writer.TryWrite(Record("bad-2", Start) with { Inputs = "[1] [2]"u8.ToArray() });
            writer.TryWrite(Record("good-2", Start));
            await writer.FlushAsync();
            Assert.Equal(2, writer.Dropped);
        }

        var reader = new InferenceLogReader(Root);
        Assert.Equal(["good-1", "good-2"], (await ReadAllAsync(reader)).Select(r => r.RequestId));
        Assert.Equal(0, reader.InvalidLines);
    }

    [Fact]
    public async Task DisposeAsync_DiskNeverRecovers_GivesUpAfterShutdownTimeoutAndCounts()
    {
        var writer = new InferenceLogWriter(new InferenceLogOptions
        {
            Root = Root,
            Instance = "i1",
            RetryDelay = TimeSpan.Zero,
            ShutdownTimeout = TimeSpan.Zero,
            IoHook = (io, _) =>
            {
                if (io == InferenceLogIo.Write)
                {
                    throw new UnauthorizedAccessException("read-only file system");
                }
            },
        });
        for (var i = 0; i < 10; i++)
        {
            Assert.True(writer.TryWrite(Record($"r{i}", Start)));
        }

        await writer.DisposeAsync();

        Assert.Equal(10, writer.Dropped);
        Assert.True(writer.WriteErrors >= 1);
        Assert.Equal(0, writer.Written);
    }
}
