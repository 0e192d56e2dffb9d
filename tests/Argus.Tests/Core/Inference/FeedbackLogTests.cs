using Argus.Core.Errors;
using Argus.Core.Inference;
using Argus.Tests.Infrastructure;
using static Argus.Tests.Core.Inference.InferenceTestData;

namespace Argus.Tests.Core.Inference;

public sealed class FeedbackLogTests : IDisposable
{
    private readonly TempDirectory _directory = new("argus-feedback");
    private readonly ManualTimeProvider _clock = new(Start.AddHours(2));

    public void Dispose() => _directory.Dispose();

    private string Root => _directory.Combine("log");

    private FeedbackLog Feedback => new(Root, _clock, "i1");

    [Fact]
    public async Task AppendAsync_Returns_LineAlreadyInTheDayFile()
    {
        await Feedback.AppendAsync("tips", new FeedbackRecord("r1", Start.AddHours(2), [1.5], Row: 0));

        var line = Assert.Single(File.ReadAllLines(_directory.Combine("log", "tips", "feedback", "2025-03-01-i1.jsonl")));
        Assert.Equal("""{"request_id":"r1","timestamp":"2025-03-01T12:15:00Z","actual":[1.5],"row":0}""", line);
    }

    [Fact]
    public async Task ReadJoinedAsync_JoinsByRequestIdAndAlignsRows()
    {
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = Root, Instance = "i1" }))
        {
            writer.TryWrite(Record("single", Start));
            writer.TryWrite(Record("three-rows", Start.AddSeconds(1)) with { Outputs = [0.1f, 0.2f, 0.3f] });
            writer.TryWrite(Record("softmax", Start.AddSeconds(2)) with { Outputs = [0.1f, 0.9f, 0.8f, 0.2f], OutputWidth = 2 });
            writer.TryWrite(Record("no-feedback", Start.AddSeconds(3)));
            writer.TryWrite(Record("misfit", Start.AddSeconds(4)) with { Outputs = [1f, 2f] });
        }

        var log = Feedback;
        var t = Start.AddHours(1);
        await log.AppendAsync("tips", [
            new FeedbackRecord("single", t, ["yes"]),
            new FeedbackRecord("three-rows", t, [1, 2, 3]),
            new FeedbackRecord("three-rows", t.AddMinutes(1), [20], Row: 1),
            new FeedbackRecord("softmax", t, ["b"], Row: 0),
            new FeedbackRecord("misfit", t, [1, 2, 3]),
            new FeedbackRecord("misfit", t, [9], Row: 5),
            new FeedbackRecord("unknown", t, [0]),
        ]);
        // A later correction, in another day's file, wins over the first answer.
        _clock.Advance(TimeSpan.FromDays(1));
        await log.AppendAsync("tips", new FeedbackRecord("single", t.AddDays(1), ["no"]));

        var joined = new Dictionary<string, JoinedInferenceRecord>();
        await foreach (var record in log.ReadJoinedAsync("tips", Start, Start.AddHours(1)))
        {
            joined[record.Inference.RequestId] = record;
        }

        Assert.Equal(5, joined.Count);
        Assert.Equal("no", Assert.Single(joined["single"].ActualByRow![0]!).Label);
        Assert.Equal(2, joined["single"].Feedback.Count);
        Assert.Equal([1.0, 20.0, 3.0], joined["three-rows"].ActualByRow!.Select(r => Assert.Single(r!).Number));
        Assert.Equal(["b", null], joined["softmax"].ActualByRow!.Select(r => r?[0].Label));
        Assert.False(joined["no-feedback"].HasActual);
        Assert.Empty(joined["no-feedback"].Feedback);
        Assert.False(joined["misfit"].HasActual);
        Assert.Equal(2, joined["misfit"].Feedback.Count);
    }

    [Fact]
    public async Task ReadAsync_TornFeedbackLine_Skipped()
    {
        var log = Feedback;
        await log.AppendAsync("tips", [new FeedbackRecord("r1", Start, [1]), new FeedbackRecord("r2", Start, [2])]);
        var path = _directory.Combine("log", "tips", "feedback", "2025-03-01-i1.jsonl");
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - 5);
        }

        var read = new List<FeedbackRecord>();
        await foreach (var f in log.ReadAsync("tips"))
        {
            read.Add(f);
        }

        Assert.Equal("r1", Assert.Single(read).RequestId);
        Assert.Equal(1, log.TornLines);

        // The next append starts on a new line, so only the torn piece is lost.
        await log.AppendAsync("tips", new FeedbackRecord("r3", Start, [3]));
        read.Clear();
        await foreach (var f in log.ReadAsync("tips"))
        {
            read.Add(f);
        }

        Assert.Equal(["r1", "r3"], read.Select(f => f.RequestId));
        Assert.Equal(1, log.InvalidLines);
    }

    [Fact]
    public async Task AppendAsync_InvalidRecords_AllProblemsAndNothingWritten()
    {
        var e = await Assert.ThrowsAsync<ArgusException>(() => Feedback.AppendAsync("tips", [
            new FeedbackRecord("ok", Start, [1]),
            new FeedbackRecord(" ", Start, [1]),
            new FeedbackRecord("r", Start, [], Row: -1),
            new FeedbackRecord("n", Start, [double.NaN]),
        ]));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("feedback 2: request_id", e.Message, StringComparison.Ordinal);
        Assert.Contains("feedback 3: at least one actual value", e.Message, StringComparison.Ordinal);
        Assert.Contains("feedback 3: row must be 0 or more", e.Message, StringComparison.Ordinal);
        Assert.Contains("feedback 4: actual values must be finite", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Root));
    }

    [Fact]
    public async Task AppendAsync_ModelNameWithTraversal_StaysUnderRoot()
    {
        await Feedback.AppendAsync("../../evil", new FeedbackRecord("r", Start, [1]));

        Assert.Equal(["%2E.%2F..%2Fevil/feedback/2025-03-01-i1.jsonl"], Files(Root));
    }
}
