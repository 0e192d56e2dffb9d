using Argus.Core.Errors;
using Argus.Core.Inference;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Inference;

public sealed class FeedbackCsvTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new("argus-feedback-csv");

    public void Dispose() => _directory.Dispose();

    private FeedbackCsvOptions Options => new() { TimeProvider = new ManualTimeProvider(Now) };

    private async Task<IReadOnlyList<FeedbackRecord>> ReadAsync(string csv, FeedbackCsvOptions? options = null)
    {
        var path = _directory.Combine("truth.csv");
        await File.WriteAllTextAsync(path, csv);
        return await FeedbackCsv.ReadAsync(path, options ?? Options);
    }

    private async Task<ArgusException> FailAsync(string csv, FeedbackCsvOptions? options = null) =>
        await Assert.ThrowsAsync<ArgusException>(() => ReadAsync(csv, options));

    [Fact]
    public async Task ReadAsync_AllColumns_Records()
    {
        var records = await ReadAsync("request_id,actual,row,timestamp\r\nr1,1.5,,\r\nr2,yes,2,2025-03-01T10:00:00Z\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(new FeedbackRecord("r1", Now, records[0].Actual, null), records[0]);
        Assert.Equal(1.5, Assert.Single(records[0].Actual).Number);
        Assert.Equal(("r2", "yes", 2), (records[1].RequestId, records[1].Actual[0].Label, records[1].Row));
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), records[1].Timestamp);
    }

    [Fact]
    public async Task ReadAsync_TargetNamedColumn_FoundAloneOrByOption()
    {
        Assert.Equal(3.5, (await ReadAsync("request_id,tip\nr1,3.5\n"))[0].Actual[0].Number);
        var e = await FailAsync("request_id,tip,size\nr1,3.5,2\n");
        Assert.Contains("cannot tell which column", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await ReadAsync("request_id,tip,size\nr1,3.5,2\n", Options with { TargetColumn = "size" }))[0].Actual[0].Number);
        e = await FailAsync("request_id,tip\nr1,3.5\n", Options with { TargetColumn = "total" });
        Assert.Contains("truth.csv line 1: no 'total' column", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NoRequestIdColumn_NamesFileAndColumns()
    {
        var e = await FailAsync("id,actual\nr1,1\n");

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("truth.csv line 1: no 'request_id' column (columns: id, actual)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_BadCells_EveryProblemWithLineAndColumn()
    {
        var e = await FailAsync("request_id,actual,row,timestamp\nr1,1,0,\n,2,x,\nr3,,1,yesterday\n");

        Assert.Contains("truth.csv line 3, column 1 ('request_id'): empty request id", e.Message, StringComparison.Ordinal);
        Assert.Contains("truth.csv line 3, column 3 ('row'): 'x' is not a row number", e.Message, StringComparison.Ordinal);
        Assert.Contains("truth.csv line 4, column 2 ('actual'): missing true value", e.Message, StringComparison.Ordinal);
        Assert.Contains("truth.csv line 4, column 4 ('timestamp'): 'yesterday' is not an ISO 8601 timestamp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RaggedRow_CsvReaderErrorNamesLine()
    {
        var e = await FailAsync("request_id,actual\nr1,1\nr2\n");

        Assert.Contains("truth.csv line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingFile_ResourceDoesNotExist()
    {
        var e = await Assert.ThrowsAsync<ArgusException>(() => FeedbackCsv.ReadAsync(_directory.Combine("nope.csv")));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
    }

    // Found by the long fuzz run (seed 7, iteration 47486): the message listed every column name whole.
    [Fact]
    public void Read_NoRequestIdColumnAndHugeNames_MessageQuotesThemShort()
    {
        var header = "actual," + string.Join(",", Enumerable.Range(0, 49).Select(i => new string('x', 20_000) + i));

        var e = Assert.Throws<ArgusException>(() => FeedbackCsv.Read(new StringReader(header + "\n"), "feedback.csv"));

        Assert.Contains("no 'request_id' column", e.Message, StringComparison.Ordinal);
        Assert.Contains("… and 30 more", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 4000, $"The message is {e.Message.Length} characters long.");
    }
}
