using System.Text;
using Argus.Core.Inference;
using Argus.Tests.Infrastructure;
using static Argus.Tests.Core.Inference.InferenceTestData;

namespace Argus.Tests.Core.Inference;

public sealed class InferenceLogReaderTests : IDisposable
{
    private readonly TempDirectory _directory = new("argus-inference");

    public void Dispose() => _directory.Dispose();

    private string Root => _directory.Combine("log");

    private string HourFile(string instance = "i1") => _directory.Combine("log", "tips", "2025-03-01", $"10-{instance}.jsonl");

    private async Task WriteAsync(int count, string instance = "i1", int firstSecond = 0)
    {
        await using var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = instance });
        for (var i = 0; i < count; i++)
        {
            writer.TryWrite(Record($"{instance}-{firstSecond + i}", Start.AddSeconds(firstSecond + i)));
        }
    }

    [Fact]
    public async Task ReadAsync_TornLastLine_SkippedAndCounted()
    {
        await WriteAsync(10);
        // A process killed mid-write: the last record stops halfway, with no line break.
        using (var file = new FileStream(HourFile(), FileMode.Open))
        {
            file.SetLength(file.Length - 40);
        }

        var reader = new InferenceLogReader(Root);
        var records = await ReadAllAsync(reader);

        Assert.Equal(Enumerable.Range(0, 9).Select(i => $"i1-{i}"), records.Select(r => r.RequestId));
        Assert.Equal((1L, 0L), (reader.TornLines, reader.InvalidLines));
    }

    [Fact]
    public async Task ReadAsync_LastLineWholeButUnterminated_Read()
    {
        await WriteAsync(3);
        using (var file = new FileStream(HourFile(), FileMode.Open))
        {
            file.SetLength(file.Length - 1);
        }

        var reader = new InferenceLogReader(Root);
        Assert.Equal(3, (await ReadAllAsync(reader)).Count);
        Assert.Equal(0, reader.TornLines);
    }

    [Fact]
    public async Task ReadAsync_GarbageAndBlankLinesInside_SkippedRestRead()
    {
        await WriteAsync(2);
        var lines = File.ReadAllLines(HourFile());
        File.WriteAllText(HourFile(), lines[0] + "\n\nnot json\n{\"request_id\":\"x\"}\n\r\n" + lines[1] + "\n");

        var reader = new InferenceLogReader(Root);
        Assert.Equal(["i1-0", "i1-1"], (await ReadAllAsync(reader)).Select(r => r.RequestId));
        Assert.Equal((0L, 2L), (reader.TornLines, reader.InvalidLines));
    }

    [Fact]
    public async Task ReadAsync_LinesLongerThanTheBuffer_Streamed()
    {
        var wide = new string('x', 200_000);
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" }))
        {
            for (var i = 0; i < 3; i++)
            {
                writer.TryWrite(Record($"r{i}", Start.AddSeconds(i)) with { Inputs = InferenceInputs.FromRows([[wide]]) });
            }
        }

        var records = await ReadAllAsync(Root);
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(wide, InferenceInputs.ReadRows(r.Inputs)[0][0]));
    }

    [Fact]
    public async Task ReadAsync_Range_FromInclusiveToExclusiveAcrossInstances()
    {
        await WriteAsync(10, "a");
        await WriteAsync(10, "b", firstSecond: 10);

        var reader = new InferenceLogReader(Root);
        var ids = new List<string>();
        await foreach (var record in reader.ReadAsync("tips", Start.AddSeconds(5), Start.AddSeconds(15)))
        {
            ids.Add(record.RequestId);
        }

        Assert.Equal(["a-5", "a-6", "a-7", "a-8", "a-9", "b-10", "b-11", "b-12", "b-13", "b-14"], ids);
        Assert.Empty(await ReadAllAsync(Root, "unknown-model"));
    }

    [Fact]
    public async Task ReadAsync_FileWithOtherModelsLine_OnlyThisModel()
    {
        await WriteAsync(2);
        var other = Encoding.UTF8.GetString(File.ReadAllBytes(HourFile())).Replace("\"model\":\"tips\"", "\"model\":\"TIPS\"", StringComparison.Ordinal);
        File.AppendAllText(HourFile(), other);

        Assert.Equal(2, (await ReadAllAsync(Root)).Count);
    }

    [Fact]
    public async Task ReadAsync_StoppedEarly_ReleasesTheFile()
    {
        await WriteAsync(10);
        var reader = new InferenceLogReader(Root);
        await foreach (var record in reader.ReadAsync("tips", DateTimeOffset.MinValue, DateTimeOffset.MaxValue))
        {
            Assert.Equal("i1-0", record.RequestId);
            Assert.Throws<IOException>(OpenExclusively);
            break;
        }

        OpenExclusively();
    }

    private void OpenExclusively()
    {
        using var exclusive = new FileStream(HourFile(), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }
}
