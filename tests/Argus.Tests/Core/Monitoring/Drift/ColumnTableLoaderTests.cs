using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Drift;

namespace Argus.Tests.Core.Monitoring.Drift;

public sealed class ColumnTableLoaderTests
{
    private static ColumnTablePair Read(string reference, string current, ColumnMapping? mapping = null) =>
        ColumnTableLoader.Read(new StringReader(reference), "reference.csv", new StringReader(current), "current.csv", mapping);

    [Fact]
    public void Read_InferredTypes_FollowEvidentlysNewApiRuleOnText()
    {
        const string reference = """
            small_int,big_int,float,word,name,day,gap
            1,10,0.5,red,alice,2024-01-01,1
            2,20,1.5,blue,bob,2024-01-02,
            3,30,2.5,red,carol,2024-01-03,3
            1,40,3.5,blue,dave,2024-01-04,4
            2,50,4.5,red,erin,2024-01-05,5
            3,60,5.5,blue,frank,2024-01-06,6
            1,70,6.5,red,gina,2024-01-07,7
            2,80,7.5,blue,hank,2024-01-08,8
            3,90,8.5,red,ivan,2024-01-09,9
            1,100,9.5,blue,jane,2024-01-10,10
            2,110,10.5,red,kim,2024-01-11,11
            """;
        const string current = """
            small_int,big_int,float,word,name,day,gap
            4,15,0.25,green,zoe,2024-02-01,2
            """;
        var pair = Read(reference, current);
        var types = pair.Reference.Columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(ColumnType.Categorical, types["small_int"]);
        Assert.Equal(ColumnType.Numerical, types["big_int"]);
        Assert.Equal(ColumnType.Numerical, types["float"]);
        Assert.Equal(ColumnType.Categorical, types["word"]);
        Assert.Equal(ColumnType.Text, types["name"]);
        Assert.Equal(ColumnType.Numerical, types["gap"]);
        Assert.False(types.ContainsKey("day"));
        var word = pair.Current["word"];
        Assert.Same(pair.Reference["word"].Categories, word.Categories);
        Assert.Equal("green", word.Categories!.Labels[word.Codes![0]]);
    }

    [Fact]
    public void Read_Mapping_WinsAndTargetTypedByTask()
    {
        const string reference = "id,a,b,y\n1,1,x,0\n2,2,y,1\n3,3,x,0\n4,4,y,1\n5,5,x,1\n";
        const string current = "id,a,b,y\n6,1,x,1\n7,2,y,1\n";
        var mapping = new ColumnMapping { Id = "id", Target = "y", CategoricalFeatures = ["a"], NumericalFeatures = [] };
        var pair = Read(reference, current, mapping);
        var types = pair.Reference.Columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(ColumnType.Categorical, types["a"]);
        Assert.Equal(ColumnType.Categorical, types["y"]);
        Assert.False(types.ContainsKey("id"));
        Assert.False(types.ContainsKey("b"));
    }

    [Fact]
    public void Read_DifferentColumns_ThrowsListingBothSides()
    {
        var error = Assert.Throws<ArgusException>(() => Read("a,b,c\n1,2,3\n", "a,b,d\n1,2,3\n"));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("only in reference.csv: 'c'; only in current.csv: 'd'", error.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgusException>(() => Read("a,b\n1.5,2.5\n", "a\n1.5\n"));
        Assert.Contains("only in reference.csv: 'b'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFileOrNoRows_Throws()
    {
        Assert.Contains("empty", Assert.Throws<ArgusException>(() => Read("", "a\n1\n")).Message, StringComparison.Ordinal);
        Assert.Contains("current.csv", Assert.Throws<ArgusException>(() => Read("a\n1.5\n", "")).Message, StringComparison.Ordinal);
        Assert.Contains("no data rows", Assert.Throws<ArgusException>(() => Read("a\n", "a\n1\n")).Message, StringComparison.Ordinal);
        Assert.Contains("no data rows", Assert.Throws<ArgusException>(() => Read("a\n1.5\n", "a\n")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonNumberInCurrentNumericalColumn_ThrowsWithLine()
    {
        var error = Assert.Throws<ArgusException>(() => Read("a\n1.5\n2.5\n", "a\n1.5\noops\n"));
        Assert.Contains("current.csv line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FilesOnDisk_ComputeDrift()
    {
        var folder = Directory.CreateTempSubdirectory("argus-drift-");
        try
        {
            var reference = Path.Combine(folder.FullName, "reference.csv");
            var current = Path.Combine(folder.FullName, "current.csv");
            File.WriteAllText(reference, "x,c\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i * 0.5},{(i % 3 == 0 ? "a" : "b")}")) + "\n");
            File.WriteAllText(current, "x,c\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{(i * 0.5) + 20},{(i % 2 == 0 ? "a" : "b")}")) + "\n");
            var pair = ColumnTableLoader.Load(reference, current);
            var result = DatasetDrift.Compute(pair.Reference, pair.Current);
            Assert.Equal(["x", "c"], result.Columns.Select(c => c.Column));
            Assert.Equal("ks", result.Columns[0].StatTest);
            Assert.True(result.Columns[0].DriftDetected);
            Assert.Equal("z", result.Columns[1].StatTest);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_MissingFile_ThrowsNotFound()
    {
        var error = Assert.Throws<ArgusException>(() => ColumnTableLoader.Load("/nonexistent/ref.csv", "/nonexistent/cur.csv"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
    }

    [Fact]
    public void Compute_AllMissingColumnFromCsv_ThrowsNamingColumn()
    {
        var pair = Read("a,b\n1.5,NA\n2.5,NA\n", "a,b\n1.5,NA\n");
        var error = Assert.Throws<ArgusException>(() => DatasetDrift.Compute(pair.Reference, pair.Current));
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LargeMixedFile_SameColumnsAsTheTableReader()
    {
        // Across many spill blocks: numbers (with missing cells, exponents, -0), small integers typed categorical,
        // labels, quoted labels, a column that turns to words late, and labels only the current has.
        var random = new Random(7);
        string Row(int i, bool current) => string.Join(",",
            i % 97 == 0 ? "NA" : (random.NextDouble() * 1e3 * (current ? 1.1 : 1)).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
            i % 11 == 0 ? "\"a, b\"" : (current && i % 13 == 0 ? "new" : "c" + (i % 7)),
            i == 30_000 ? "late-word" : (i % 50 == 0 ? "-0" : (i % 400).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            i % 3 == 0 ? "1e-3" : "2.5");
        const string header = "num,small,cat,late,flt\n";
        var reference = header + string.Join("\n", Enumerable.Range(0, 40_000).Select(i => Row(i, current: false))) + "\n";
        var current = header + string.Join("\n", Enumerable.Range(0, 35_000).Select(i => Row(i, current: true))) + "\n";

        var streamed = Read(reference, current);
        var tables = ColumnTableLoader.FromTables(
            TableLoader.Read(new StringReader(reference), "reference.csv"),
            TableLoader.Read(new StringReader(current), "current.csv", TableLoader.Read(new StringReader(reference), "reference.csv").Schema with { Features = [], TextFeatures = [] }));
        Assert.Equal(tables.Reference.Columns.Select(c => (c.Name, c.Type)), streamed.Reference.Columns.Select(c => (c.Name, c.Type)));
        foreach (var side in new[] { (streamed.Reference, tables.Reference), (streamed.Current, tables.Current) })
        {
            foreach (var expected in side.Item2.Columns)
            {
                var actual = side.Item1[expected.Name];
                if (expected.Numbers is { } numbers)
                {
                    Assert.Equal(numbers.Select(BitConverter.DoubleToInt64Bits), actual.Numbers!.Select(BitConverter.DoubleToInt64Bits));
                }
                else
                {
                    Assert.Equal(expected.Codes!.Select(c => c < 0 ? null : expected.Categories!.Labels[c]), actual.Codes!.Select(c => c < 0 ? null : actual.Categories!.Labels[c]));
                }
            }
        }

        Assert.Equal(ColumnType.Categorical, streamed.Reference["small"].Type);
        Assert.Equal(ColumnType.Categorical, streamed.Reference["late"].Type);
        Assert.Equal(ColumnType.Numerical, streamed.Reference["flt"].Type);
        Assert.Same(streamed.Reference["cat"].Categories, streamed.Current["cat"].Categories);
        Assert.Contains("new", streamed.Current["cat"].Categories!.Labels);
    }

    [Fact]
    public void RentNumbers_IsTheCallersOwnArray()
    {
        var pair = Read("a\n1.5\n2.5\n", "a\n3.5\n");
        var rented = pair.Reference["a"].RentNumbers(out var length);
        Assert.Equal(2, length);
        Assert.Equal([1.5, 2.5], rented.AsSpan(0, length).ToArray());
        rented[0] = 99;
        Assert.Equal([1.5, 2.5], pair.Reference["a"].Numbers!);
        var memory = DriftColumn.Numerical("m", [4.0]);
        memory.RentNumbers(out _)[0] = 0;
        Assert.Equal([4.0], memory.Numbers!);
        var labels = Read("c\nx\ny\nx\n", "c\nx\n").Reference["c"];
        Assert.Throws<InvalidOperationException>(() => labels.RentNumbers(out _));
    }

    [Fact]
    public void Read_BothFilesBroken_ReportsTheReference()
    {
        var error = Assert.Throws<ArgusException>(() => Read("a,b\n1\n", "a,b\n1,2,3\n"));
        Assert.Contains("reference.csv line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LeavesNoTemporaryFileBehind()
    {
        var folder = Directory.CreateTempSubdirectory("argus-spill-");
        try
        {
            var reference = Path.Combine(folder.FullName, "r.csv");
            File.WriteAllText(reference, "x\n" + string.Join("\n", Enumerable.Range(0, 50_000)) + "\n");
            var before = Directory.GetFiles(Path.GetTempPath(), "argus-columns-*").Length;
            var pair = ColumnTableLoader.Load(reference, reference);
            Assert.Equal(50_000, pair.Current["x"].Numbers!.Length);
            Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "argus-columns-*").Length);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
