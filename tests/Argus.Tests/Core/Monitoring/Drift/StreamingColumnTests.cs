using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Drift;

namespace Argus.Tests.Core.Monitoring.Drift;

public sealed class StreamingColumnTests
{
    private static StreamingColumn Stream(IEnumerable<string> cells)
    {
        var column = new StreamingColumn("x", 2, ColumnSpill.Create());
        var line = 2;
        foreach (var cell in cells)
        {
            column.Add(cell, line++);
        }

        column.Complete();
        return column;
    }

    private static string?[] AsCells(IEnumerable<string> cells) => cells.Select(c => MissingValues.IsMissing(c) ? null : c).ToArray();

    public static TheoryData<string[]> Columns() => new()
    {
        new[] { "1", "2", "3", "1", "2" },
        new[] { "1", "2", "", "1", "2" },
        new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11" },
        new[] { "0.5", "1", "1.5", "NA" },
        new[] { "-3", "+4", "5", "-3" },
        new[] { "True", "False", "true", "NA" },
        new[] { "2024-01-01", "2024-01-02T10:00:00Z", "" },
        new[] { "2024-01-01", "7" },
        new[] { "a", "b", "a", "b", "a", "c" },
        new[] { "alice", "bob", "carol", "dave" },
        new[] { "1", "2", "oops", "4" },
        new[] { "", "NA", "NaN" },
        new[] { "1e3", "2.5E-2", "Infinity", "-0" },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public void Facts_TypeColumnsAsTheCellRuleDoes(string[] cells)
    {
        var streamed = Stream(cells).Facts();
        var direct = ColumnFacts.Of(AsCells(cells));
        Assert.Equal(SchemaInference.InferColumnType(direct), SchemaInference.InferColumnType(streamed));
        Assert.Equal(direct.AllNumber, streamed.AllNumber);
        Assert.Equal(direct.AllInteger, streamed.AllInteger);
        Assert.Equal(direct.Missing, streamed.Missing);
        Assert.Equal(direct.NonMissing, streamed.NonMissing);
        Assert.Equal(Math.Min(direct.DistinctIntegers, ColumnFacts.DistinctCap), streamed.DistinctIntegers);
        Assert.Equal(Math.Min(direct.DistinctNumbers, ColumnFacts.DistinctCap), streamed.DistinctNumbers);
        if (!direct.AllNumber)
        {
            Assert.Equal(direct.DistinctStrings, streamed.DistinctStrings);
            Assert.Equal(direct.AllBoolean, streamed.AllBoolean);
            Assert.Equal(direct.AllDate, streamed.AllDate);
        }
    }

    [Fact]
    public void Facts_RandomColumns_TypeAsTheCellRuleDoes()
    {
        var random = new Random(20261123);
        string[] pool = ["1", "2", "3", "07", "-4", "1.5", "2e2", "", "NA", "x", "y", "True", "False", "2024-05-06"];
        for (var trial = 0; trial < 500; trial++)
        {
            var kinds = random.Next(1, pool.Length + 1);
            var cells = Enumerable.Range(0, random.Next(1, 40)).Select(_ => pool[random.Next(kinds)]).ToArray();
            Assert.Equal(SchemaInference.InferColumnType(ColumnFacts.Of(AsCells(cells))), SchemaInference.InferColumnType(Stream(cells).Facts()));
        }
    }

    [Fact]
    public void Codes_NumbersThenWord_KeepTheCellsAsWritten()
    {
        var column = Stream(["1.50", "2", "NA", "1.50", "word"]);
        Assert.False(column.IsNumeric);
        var (codes, labels) = column.Codes();
        Assert.Equal(["1.50", "2", "word"], labels.Labels);
        Assert.Equal([0, 1, -1, 0, 2], codes.ToArray());
        Assert.Equal(("word", 6), column.FirstNonNumber);
    }

    [Fact]
    public void Codes_ManyNumbersThenWord_LabelNumbersByRoundTripForm()
    {
        var cells = Enumerable.Range(0, StreamingColumn.LabelLimit + 10).Select(i => (i + 0.5).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))
            .Append("").Append("word").Append("0.50").ToList();
        var column = Stream(cells);
        var (codes, labels) = column.Codes();
        var values = codes.ToArray();
        Assert.Equal(cells.Count, values.Length);
        Assert.Equal("0.5", labels.Labels[values[0]]);
        Assert.Equal("4105.5", labels.Labels[values[StreamingColumn.LabelLimit + 9]]);
        Assert.Equal(-1, values[^3]);
        Assert.Equal("word", labels.Labels[values[^2]]);
        Assert.Equal(values[0], values[^1]);
    }

    [Fact]
    public void Codes_SmallIntegerColumn_LabelsAsWritten()
    {
        var column = Stream(["01", "2", "01", "NA"]);
        Assert.True(column.IsNumeric);
        var (codes, labels) = column.Codes();
        Assert.Equal(["01", "2"], labels.Labels);
        Assert.Equal([0, 1, 0, -1], codes.ToArray());
        Assert.Equal([1.0, 2.0, 1.0, double.NaN], column.Numbers("f.csv").ToArray());
    }

    [Fact]
    public void Numbers_AfterWord_ThrowsNamingFileLineAndColumn()
    {
        var column = Stream(["1", "2", "oops", "4"]);
        var error = Assert.Throws<ArgusException>(() => column.Numbers("current.csv"));
        Assert.Equal("current.csv line 4, column 3 ('x'): 'oops' is not a number", error.Message);
    }

    [Fact]
    public void Spill_ValuesAcrossManyBlocks_ReadBackInOrder()
    {
        var spill = ColumnSpill.Create();
        var numbers = new SpilledValues<double>(spill);
        var codes = new SpilledValues<int>(spill);
        var count = (SpilledValues<double>.BlockLength * 3) + 17;
        for (var i = 0; i < count; i++)
        {
            numbers.Add(i * 0.25);
            codes.Add(-i);
        }

        numbers.Complete();
        codes.Complete();
        var back = numbers.ToArray();
        Assert.Equal(count, back.Length);
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal(i * 0.25, back[i]));
        Assert.Equal(Enumerable.Range(0, count).Select(i => -i), codes.ToArray());
        Assert.Throws<InvalidOperationException>(() => numbers.Add(1));
    }

    [Fact]
    public void Spill_StillBeingWritten_CannotBeRead()
    {
        var numbers = new SpilledValues<double>(ColumnSpill.Create());
        numbers.Add(1);
        Assert.Throws<InvalidOperationException>(() => numbers.ToArray());
    }
}
