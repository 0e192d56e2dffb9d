using Argus.Core.Errors;
using Argus.Core.Monitoring.Drift;
using static Argus.Tests.Core.Monitoring.Drift.DriftTables;

namespace Argus.Tests.Core.Monitoring.Drift;

public sealed class DatasetDriftTests
{
    [Fact]
    public void Compute_IntegerColumnTypedCategorical_UnseenCategoriesGiveChiSquareZero()
    {
        // docs/reference/evidently.md §7 row 21: ColumnDriftMetric, automatic method, [1,2,3] vs [5,8,3] as categories.
        var pair = Pair(Cat("x", ["1", "2", "3"], ["5", "8", "3"]));
        var result = DatasetDrift.Compute(pair.Reference, pair.Current, new DriftOptions { Threshold = 0.05 });
        var column = Assert.Single(result.Columns);
        Assert.Equal("chisquare", column.StatTest);
        Assert.Equal(0.0, column.Score);
        Assert.True(column.DriftDetected);
        Assert.Equal("cat", column.ColumnType);
    }

    [Fact]
    public void Compute_ShareEqualToDriftShare_DatasetDrifts()
    {
        var pair = Pair(
            Num("drifting", Cycle(100, 1, 2, 3, 4, 5, 6, 7, 8), Cycle(100, 11, 12, 13, 14, 15, 16, 17, 18)),
            Num("stable", Cycle(100, 1, 2, 3, 4, 5, 6, 7, 8), Cycle(100, 1, 2, 3, 4, 5, 6, 7, 8)));
        var half = DatasetDrift.Compute(pair.Reference, pair.Current);
        Assert.Equal(2, half.NumberOfColumns);
        Assert.Equal(1, half.NumberOfDriftedColumns);
        Assert.Equal(0.5, half.ShareOfDriftedColumns);
        Assert.True(half.DatasetDrift);
        var stricter = DatasetDrift.Compute(pair.Reference, pair.Current, new DriftOptions { DriftShare = 0.51 });
        Assert.False(stricter.DatasetDrift);
        Assert.Equal(0.51, stricter.DriftShare);
    }

    [Fact]
    public void Compute_ColumnsDifferBetweenTables_ThrowsListingEveryDifference()
    {
        var reference = new ColumnTable("ref.csv", [DriftColumn.Numerical("a", [1, 2]), DriftColumn.Numerical("b", [1, 2])]);
        var categories = new CategoryDictionary();
        var current = new ColumnTable("cur.csv", [DriftColumn.Categorical("a", ["x", "y"], categories), DriftColumn.Numerical("c", [1, 2])]);
        var error = Assert.Throws<ArgusException>(() => DatasetDrift.Compute(reference, current));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("'a' is num in ref.csv but cat in cur.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b' is only in ref.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("'c' is only in cur.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_AllNaNColumns_ThrowsNamingEachColumn()
    {
        var pair = Pair(
            Num("empty_ref", [double.NaN, double.NaN, double.NaN], [1, 2]),
            Num("fine", [1, 2, 3], [1, 2]),
            Cat("empty_cur", ["a", "b", "a"], [null, null]));
        var error = Assert.Throws<ArgusException>(() => DatasetDrift.Compute(pair.Reference, pair.Current));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("2 column(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'empty_ref'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'empty_cur'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_TestCannotRunOnColumn_ErrorNamesColumn()
    {
        var pair = Pair(Cat("flag", Cycle(10, "a", "b"), Cycle(12, "a", "b")));
        var error = Assert.Throws<ArgusException>(() => DatasetDrift.Compute(pair.Reference, pair.Current, new DriftOptions { CatMethod = "g_test" }));
        Assert.Contains("Column 'flag': g_test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_InvalidOptions_ValidatedAgainstTheTable()
    {
        var pair = Pair(Num("a", [1, 2], [1, 2]));
        var error = Assert.Throws<ArgusException>(() => DatasetDrift.Compute(pair.Reference, pair.Current,
            new DriftOptions { PerColumnMethod = new Dictionary<string, string> { ["b"] = "ks" } }));
        Assert.Contains("per_column_method names 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_TextColumns_SkippedNotCounted()
    {
        var text = new CategoryDictionary();
        var reference = new ColumnTable("r", [DriftColumn.Numerical("n", [1, 2, 3]), DriftColumn.Text("t", ["a b", "c d", "e f"], text)]);
        var current = new ColumnTable("c", [DriftColumn.Numerical("n", [1, 2, 3]), DriftColumn.Text("t", ["x y", "c d", "z"], text)]);
        var result = DatasetDrift.Compute(reference, current, new DriftOptions { Method = "ks" });
        Assert.Equal(1, result.NumberOfColumns);
        Assert.Equal("ks", result.Columns[0].StatTest);
        var skipped = Assert.Single(result.SkippedColumns);
        Assert.Equal("t", skipped.Column);
        Assert.Equal("text", skipped.ColumnType);
    }

    [Fact]
    public void Compute_ColumnsOption_TestsOnlyThoseColumns()
    {
        var pair = Pair(Num("a", [1, 2, 3], [1, 2, 3]), Num("b", [1, 2, 3], [4, 5, 6]));
        var result = DatasetDrift.Compute(pair.Reference, pair.Current, new DriftOptions { Columns = ["b"] });
        Assert.Equal("b", Assert.Single(result.Columns).Column);
    }

    [Fact]
    public void Compute_SequentialAndParallel_SameResult()
    {
        var columns = Enumerable.Range(0, 12).Select(i => i % 3 == 0
            ? Cat($"c{i}", Cycle(1200, "a", "b", "c", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Cycle(400, "a", "b", "b", "c"))
            : Num($"n{i}", Cycle(1200, 1, 2, 3, 4, 5, 6, 7 + i), Cycle(400, 1.5, 2, 3, 4, 5, 6 + i))).ToArray();
        var pair = Pair(columns);
        var sequential = DatasetDrift.Compute(pair.Reference, pair.Current, new DriftOptions { MaxDegreeOfParallelism = 1 });
        var parallel = DatasetDrift.Compute(pair.Reference, pair.Current);
        Assert.Equal(DatasetDriftJson.ToJson(sequential), DatasetDriftJson.ToJson(parallel));
        Assert.Equal(columns.Select(c => c.Reference.Name), parallel.Columns.Select(c => c.Column));
    }

    [Fact]
    public void Compute_CurrentWithOwnDictionary_MatchedByLabel()
    {
        var reference = new ColumnTable("r", [DriftColumn.Categorical("c", ["a", "b", "a", "b"], new CategoryDictionary())]);
        var current = new ColumnTable("c", [DriftColumn.Categorical("c", ["b", "a", "b", "a"], new CategoryDictionary())]);
        var column = Assert.Single(DatasetDrift.Compute(reference, current).Columns);
        Assert.Equal(1.0, column.Score);
        Assert.False(column.DriftDetected);
    }

    [Fact]
    public void Compute_PermutationTestSeed_ComesFromOptions()
    {
        var pair = Pair(Cat("c", Cycle(60, "1", "2", "3"), Cycle(60, "1", "2", "2", "3")));
        var options = new DriftOptions { CatMethod = "TVD" };
        var seedZero = DatasetDrift.Compute(pair.Reference, pair.Current, options).Columns[0].Score;
        Assert.Equal(seedZero, DatasetDrift.Compute(pair.Reference, pair.Current, options).Columns[0].Score);
        var other = DatasetDrift.Compute(pair.Reference, pair.Current, options with { Seed = 12345 }).Columns[0].Score;
        Assert.NotEqual(seedZero, other);
    }
}
