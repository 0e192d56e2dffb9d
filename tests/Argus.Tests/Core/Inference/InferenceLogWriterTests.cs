using System.Text;
using Argus.Core.Errors;
using Argus.Core.Inference;
using Argus.Tests.Infrastructure;
using static Argus.Tests.Core.Inference.InferenceTestData;

namespace Argus.Tests.Core.Inference;

public sealed class InferenceLogWriterTests : IDisposable
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new("argus-inference");

    public void Dispose() => _directory.Dispose();

    private string Root => _directory.Combine("log");

    [Fact]
    public async Task WriteAsync_ThenRead_RoundTripsEveryField()
    {
        var multi = new InferenceRecord
        {
            RequestId = "req-\"2\"",
            Timestamp = Start.AddMilliseconds(1.5),
            Model = "tips",
            Version = "v 7",
            Columns = ["größe", "sex"],
            Inputs = InferenceInputs.FromRows([[1.5, "Männlich"], [null, true], [double.NaN, "x\ny"]]),
            Outputs = [0.1f, 0.9f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 3.4028235E+38f],
            OutputWidth = 2,
            LatencyMicroseconds = long.MaxValue,
        };
        var pretty = Record("req-3", Start.AddSeconds(2)) with { Inputs = "[\n  [1, \"a\"],\r\n  [2, \"b\"]\n]"u8.ToArray() };
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" }))
        {
            Assert.True(await writer.WriteAsync(Record("req-1", Start)));
            Assert.True(await writer.WriteAsync(multi));
            Assert.True(writer.TryWrite(pretty));
        }

        var records = await ReadAllAsync(Root);
        Assert.Equal(["req-1", "req-\"2\"", "req-3"], records.Select(r => r.RequestId));
        var read = records[1];
        Assert.Equal(multi.Timestamp, read.Timestamp);
        Assert.Equal(("tips", "v 7", 2, long.MaxValue), (read.Model, read.Version, read.OutputWidth, read.LatencyMicroseconds));
        Assert.Equal(multi.Columns, read.Columns);
        Assert.Equal(multi.Outputs, read.Outputs);
        Assert.Equal(3, read.RowCount);
        var rows = InferenceInputs.ReadRows(read.Inputs);
        Assert.Equal([1.5, "Männlich"], rows[0]);
        Assert.Equal([null, true], rows[1]);
        Assert.Equal(["NaN", "x\ny"], rows[2]);
        Assert.Equal("""[[1,"a"],[2,"b"]]""", Encoding.UTF8.GetString(records[2].Inputs.Span));
        Assert.Equal(3, File.ReadAllLines(_directory.Combine("log", "tips", "2025-03-01", "10-i1.jsonl")).Length);
    }

    [Fact]
    public async Task Write_OneRecord_IsOneJsonLineWithSnakeCaseKeys()
    {
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" }))
        {
            writer.TryWrite(Record("r-1", Start.AddMilliseconds(123)) with { Outputs = [1.01f] });
        }

        var line = Assert.Single(File.ReadAllLines(_directory.Combine("log", "tips", "2025-03-01", "10-i1.jsonl")));
        Assert.Equal("""{"request_id":"r-1","timestamp":"2025-03-01T10:15:00.123Z","model":"tips","version":"3","columns":["total_bill","sex"],"inputs":[[16.99,"Female"]],"outputs":[1.01],"latency_us":412}""", line);
    }

    [Fact]
    public async Task Write_OutputsJsonAndCheckedInputs_CopiedAsGiven()
    {
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" }))
        {
            writer.TryWrite(Record("r-1", Start) with { Outputs = [1.01f, 2f], OutputsJson = "[1.01,2]"u8.ToArray(), InputsChecked = true, Inputs = """[[16.99,"Female"],[1,"Male"]]"""u8.ToArray() });
        }

        var line = Assert.Single(File.ReadAllLines(_directory.Combine("log", "tips", "2025-03-01", "10-i1.jsonl")));
        Assert.Contains(""","inputs":[[16.99,"Female"],[1,"Male"]],"outputs":[1.01,2],""", line, StringComparison.Ordinal);
        var read = Assert.Single(await ReadAllAsync(new InferenceLogReader(Root)));
        Assert.Equal([1.01f, 2f], read.Outputs);
    }

    [Fact]
    public async Task Write_RecordsAcrossHourAndDay_PartitionedByModelDayAndHourInUtc()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 1, 23, 59, 59, 500, TimeSpan.Zero));
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1", TimeProvider = clock, BatchDelay = TimeSpan.Zero }))
        {
            writer.TryWrite(Record("a", clock.GetUtcNow()));
            writer.TryWrite(Record("b", clock.GetUtcNow().ToOffset(TimeSpan.FromHours(2)), model: "other"));
            clock.Advance(TimeSpan.FromSeconds(1));
            writer.TryWrite(Record("c", clock.GetUtcNow()));
            writer.TryWrite(Record("d", clock.GetUtcNow(), model: "other"));
            await writer.FlushAsync();
            clock.Advance(TimeSpan.FromHours(1));
            writer.TryWrite(Record("e", clock.GetUtcNow()));
        }

        Assert.Equal(
            ["other/2025-03-01/23-i1.jsonl", "other/2025-03-02/00-i1.jsonl", "tips/2025-03-01/23-i1.jsonl", "tips/2025-03-02/00-i1.jsonl", "tips/2025-03-02/01-i1.jsonl"],
            Files(Root));
        Assert.Equal(["a", "c", "e"], (await ReadAllAsync(Root)).Select(r => r.RequestId));
        Assert.Equal(["b", "d"], (await ReadAllAsync(Root, "other")).Select(r => r.RequestId));
        var reader = new InferenceLogReader(Root);
        var midnight = new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var late = new List<string>();
        await foreach (var record in reader.ReadAsync("tips", midnight, midnight.AddHours(1)))
        {
            late.Add(record.RequestId);
        }

        Assert.Equal(["c"], late);
    }

    [Fact]
    public async Task DisposeAsync_After100kRecordsFromFourProducers_LosesNone()
    {
        const int producers = 4;
        const int perProducer = 25_000;
        var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1", Capacity = 1024, MaxBlock = Timeout.InfiniteTimeSpan });
        var accepted = await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            var count = 0;
            for (var i = 0; i < perProducer; i++)
            {
                if (await writer.WriteAsync(Record($"{p}-{i}", Start.AddTicks((i * producers) + p))))
                {
                    count++;
                }
            }

            return count;
        })));
        await writer.DisposeAsync();

        Assert.Equal(producers * perProducer, accepted.Sum());
        Assert.Equal(0, writer.Dropped);
        Assert.Equal(producers * perProducer, writer.Written);
        var reader = new InferenceLogReader(Root);
        var ids = (await ReadAllAsync(reader)).Select(r => r.RequestId).ToHashSet();
        Assert.Equal(producers * perProducer, ids.Count);
        Assert.Equal((0L, 0L), (reader.TornLines, reader.InvalidLines));
    }

    [Fact]
    public async Task DisposeAsync_RightAfter100kTryWrites_WritesThemAll()
    {
        var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" });
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            accepted += writer.TryWrite(Record(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Start.AddTicks(i))) ? 1 : 0;
        }

        await writer.DisposeAsync();

        Assert.Equal(100_000, accepted);
        var records = await ReadAllAsync(Root);
        Assert.Equal(100_000, records.Count);
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), records.Select(r => r.RequestId));
    }

    [Fact]
    public async Task FlushAsync_WhileRunning_RecordsReadableAndFsynced()
    {
        var fsyncs = 0;
        await using var writer = new InferenceLogWriter(new InferenceLogOptions
        {
            Root = Root,
            Instance = "i1",
            TimeProvider = new ManualTimeProvider(Start),
            BatchDelay = TimeSpan.Zero,
            IoHook = (io, _) => fsyncs += io == InferenceLogIo.Fsync ? 1 : 0,
        });
        for (var i = 0; i < 10; i++)
        {
            writer.TryWrite(Record($"r{i}", Start.AddSeconds(i)));
        }

        await writer.FlushAsync();

        Assert.Equal(10, (await ReadAllAsync(Root)).Count);
        Assert.Equal(10, writer.Written);
        Assert.Equal(1, fsyncs);
    }

    [Fact]
    public async Task Fsync_IdleWriter_AtMostOncePerIntervalAndAtShutdown()
    {
        var clock = new ManualTimeProvider(Start);
        var written = new SemaphoreSlim(0);
        var fsynced = new SemaphoreSlim(0);
        var fsyncs = 0;
        var writer = new InferenceLogWriter(new InferenceLogOptions
        {
            Root = Root,
            Instance = "i1",
            TimeProvider = clock,
            FsyncInterval = TimeSpan.FromSeconds(1),
            BatchDelay = TimeSpan.Zero, // a delay timer made after the test advances the clock would never fire
            IoHook = (io, _) =>
            {
                if (io == InferenceLogIo.Fsync)
                {
                    Interlocked.Increment(ref fsyncs);
                    fsynced.Release();
                }
                else if (io == InferenceLogIo.Written)
                {
                    written.Release();
                }
            },
        });

        writer.TryWrite(Record("r1", Start));
        Assert.True(await written.WaitAsync(SignalTimeout));
        Assert.Equal(0, Volatile.Read(ref fsyncs));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await fsynced.WaitAsync(SignalTimeout));
        writer.TryWrite(Record("r2", Start));
        Assert.True(await written.WaitAsync(SignalTimeout));
        await writer.DisposeAsync();

        Assert.Equal(2, fsyncs);
    }

    [Fact]
    public async Task BatchDelay_RecordsArrivingDuringIt_ShareOneWrite()
    {
        var clock = new ManualTimeProvider(Start);
        var written = new SemaphoreSlim(0);
        var writes = 0;
        var writer = new InferenceLogWriter(new InferenceLogOptions
        {
            Root = Root,
            Instance = "i1",
            TimeProvider = clock,
            BatchDelay = TimeSpan.FromMilliseconds(2),
            IoHook = (io, _) =>
            {
                if (io == InferenceLogIo.Written)
                {
                    Interlocked.Increment(ref writes);
                    written.Release();
                }
            },
        });

        writer.TryWrite(Record("r0", Start));
        Assert.True(await written.WaitAsync(SignalTimeout));
        // The writer now waits on its delay timer (beside the fsync timer): records written meanwhile do not wake it.
        Assert.True(SpinWait.SpinUntil(() => clock.ActiveTimers == 2, SignalTimeout));
        for (var i = 1; i <= 9; i++)
        {
            writer.TryWrite(Record($"r{i}", Start));
        }

        Assert.False(await written.WaitAsync(TimeSpan.FromMilliseconds(50)));
        clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(await written.WaitAsync(SignalTimeout));
        Assert.Equal(10, writer.Written);
        Assert.Equal(2, Volatile.Read(ref writes));

        // A flush does not wait for the delay.
        writer.TryWrite(Record("r10", Start));
        await writer.FlushAsync().WaitAsync(SignalTimeout);
        Assert.Equal(11, writer.Written);
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task Write_DiskFailsThreeTimes_RetriedWithoutLossOrDuplicates()
    {
        var failures = 0;
        var writer = new InferenceLogWriter(new InferenceLogOptions
        {
            Root = Root,
            Instance = "i1",
            RetryDelay = TimeSpan.Zero,
            IoHook = (io, _) =>
            {
                if (io == InferenceLogIo.Write && Interlocked.Increment(ref failures) <= 3)
                {
                    throw new IOException("No space left on device");
                }
            },
        });
        for (var i = 0; i < 100; i++)
        {
            Assert.True(writer.TryWrite(Record($"r{i}", Start.AddSeconds(i))));
        }

        await writer.DisposeAsync();

        Assert.Equal(3, writer.WriteErrors);
        Assert.Equal(0, writer.Dropped);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"r{i}"), (await ReadAllAsync(Root)).Select(r => r.RequestId));
    }

    [Fact]
    public async Task Write_FailsAfterPartialBytes_RetryOverwritesThem()
    {
        var writes = 0;
        var written = new SemaphoreSlim(0);
        var writer = new InferenceLogWriter(new InferenceLogOptions
        {
            Root = Root,
            Instance = "i1",
            RetryDelay = TimeSpan.Zero,
            TimeProvider = new ManualTimeProvider(Start),
            BatchDelay = TimeSpan.Zero,
            IoHook = (io, path) =>
            {
                if (io == InferenceLogIo.Written)
                {
                    written.Release();
                }
                else if (io == InferenceLogIo.Write && ++writes == 2)
                {
                    // What a write cut short by a full disk leaves: part of the batch, no line break.
                    File.AppendAllText(path, """{"request_id":"r1","timest""");
                    throw new IOException("No space left on device");
                }
            },
        });
        writer.TryWrite(Record("r0", Start));
        Assert.True(await written.WaitAsync(SignalTimeout));
        writer.TryWrite(Record("r1", Start.AddSeconds(1)));
        writer.TryWrite(Record("r2", Start.AddSeconds(2)));
        await writer.DisposeAsync();

        var reader = new InferenceLogReader(Root);
        Assert.Equal(["r0", "r1", "r2"], (await ReadAllAsync(reader)).Select(r => r.RequestId));
        Assert.Equal((0L, 0L), (reader.TornLines, reader.InvalidLines));
        Assert.Equal(1, writer.WriteErrors);
    }

    [Fact]
    public async Task Write_ModelNamesThatTryToEscape_StayUnderTheRoot()
    {
        string[] models = ["../x", "..", ".", "a/b", "/etc/passwd", "a\\b", "..\\..\\x", ".hidden", "naïve 模型", new string('m', 300)];
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" }))
        {
            foreach (var model in models)
            {
                Assert.True(writer.TryWrite(Record("r-" + model, Start, model)));
            }

            Assert.Throws<ArgumentException>(() => writer.TryWrite(Record("r", Start, model: "")));
        }

        Assert.Equal(["log"], Directory.EnumerateFileSystemEntries(_directory.Path).Select(Path.GetFileName));
        var directories = Directory.GetDirectories(Root).Select(Path.GetFileName).ToList();
        Assert.Equal(models.Length, directories.Count);
        Assert.Contains("%2E.%2Fx", directories);
        Assert.Contains("%2E.", directories);
        Assert.Contains("%2E", directories);
        Assert.Contains("a%2Fb", directories);
        Assert.All(directories, d => Assert.True(d!.Length <= 200 && !d.StartsWith('.') && !d.Contains('/') && !d.Contains('\\'), d));
        foreach (var model in models)
        {
            var record = Assert.Single(await ReadAllAsync(Root, model));
            Assert.Equal("r-" + model, record.RequestId);
        }
    }

    [Fact]
    public async Task Write_TwoInstancesOnOneRoot_BothReadAndMergedByTimestamp()
    {
        await using (var a = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "replica-a" }))
        await using (var b = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "replica-b" }))
        {
            for (var i = 0; i < 20; i++)
            {
                (i % 2 == 0 ? a : b).TryWrite(Record($"r{i:00}", Start.AddSeconds(i)));
            }
        }

        Assert.Equal(["tips/2025-03-01/10-replica-a.jsonl", "tips/2025-03-01/10-replica-b.jsonl"], Files(Root));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"r{i:00}"), (await ReadAllAsync(Root)).Select(r => r.RequestId));
    }

    [Fact]
    public async Task Write_FileWithTornTail_NextRecordsStartOnANewLine()
    {
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" }))
        {
            writer.TryWrite(Record("r0", Start));
            writer.TryWrite(Record("r1", Start.AddSeconds(1)));
        }

        var path = _directory.Combine("log", "tips", "2025-03-01", "10-i1.jsonl");
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - 10);
        }

        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" }))
        {
            writer.TryWrite(Record("r2", Start.AddSeconds(2)));
        }

        var reader = new InferenceLogReader(Root);
        Assert.Equal(["r0", "r2"], (await ReadAllAsync(reader)).Select(r => r.RequestId));
        Assert.Equal((0L, 1L), (reader.TornLines, reader.InvalidLines));
    }

    [Fact]
    public void Options_Invalid_AllProblemsInOneError()
    {
        var e = Assert.Throws<ArgusException>(() => new InferenceLogOptions
        {
            Root = " ",
            Capacity = 0,
            MaxBlock = TimeSpan.FromSeconds(-2),
            FsyncInterval = TimeSpan.Zero,
            Instance = "../x",
            RetryDelay = TimeSpan.FromSeconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        }.Validate());

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        foreach (var part in new[] { "root", "capacity", "max block", "fsync interval", "instance", "max retry delay" })
        {
            Assert.Contains(part, e.Message, StringComparison.Ordinal);
        }
    }
}
