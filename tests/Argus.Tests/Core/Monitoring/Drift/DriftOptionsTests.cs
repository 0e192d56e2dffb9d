using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Drift;
using static Argus.Tests.Core.Monitoring.Drift.DriftTables;

namespace Argus.Tests.Core.Monitoring.Drift;

public sealed class DriftOptionsTests
{
    private static readonly Dictionary<string, ColumnType> Types = new()
    {
        ["age"] = ColumnType.Numerical,
        ["income"] = ColumnType.Numerical,
        ["city"] = ColumnType.Categorical,
    };

    [Fact]
    public void Validate_ManyProblems_ReportsAllTogether()
    {
        var options = new DriftOptions
        {
            Method = "kolmogorov",
            CatMethod = "ks",
            NumThreshold = -0.1,
            CatThreshold = double.NaN,
            DriftShare = 1.5,
            PerColumnMethod = new Dictionary<string, string> { ["city"] = "wasserstein", ["nope"] = "psi" },
            PerColumnThreshold = new Dictionary<string, double> { ["age"] = 2.0 },
            Columns = ["age", "ghost"],
        };
        var error = Assert.Throws<ArgusException>(() => options.Validate(Types));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        string[] expected =
        [
            "drift_share must be in (0, 1], got 1.5",
            "method: No stat test named 'kolmogorov'",
            "cat_method: Stat test 'ks' is not applicable to cat columns",
            "num_threshold must be a finite number ≥ 0, got -0.1",
            "cat_threshold must be a finite number ≥ 0, got NaN",
            "columns lists 'ghost'",
            "per_column_method['city']: Stat test 'wasserstein' is not applicable to cat columns",
            "per_column_method names 'nope'",
        ];
        foreach (var part in expected)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_PValueTestThresholdAboveOne_Rejected()
    {
        var options = new DriftOptions
        {
            PerColumnMethod = new Dictionary<string, string> { ["age"] = "ks" },
            PerColumnThreshold = new Dictionary<string, double> { ["age"] = 1.5, ["income"] = 1.5 },
        };
        var error = Assert.Throws<ArgusException>(() => options.Validate(Types));
        Assert.Contains("per_column_threshold['age'] is 1.5, but 'ks' scores a p-value", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("['income']", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GlobalMethodNotValidForSomeColumns_NamesTheType()
    {
        var error = Assert.Throws<ArgusException>(() => new DriftOptions { Method = "ks" }.Validate(Types));
        Assert.Contains("method 'ks' is not applicable to the cat columns", error.Message, StringComparison.Ordinal);
        new DriftOptions { Method = "ks", CatMethod = "chisquare" }.Validate(Types);
        new DriftOptions { Method = "psi" }.Validate(Types);
    }

    [Fact]
    public void Validate_TextMethod_NoTextTestRegistered()
    {
        var error = Assert.Throws<ArgusException>(() => new DriftOptions { TextMethod = "ks" }.Validate());
        Assert.Contains("not applicable to text columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var options = new DriftOptions();
        options.Validate(Types);
        Assert.Equal(0.5, options.DriftShare);
        Assert.Equal(0u, options.Seed);
    }

    [Fact]
    public void TestColumn_MethodPrecedence_PerColumnOverPerTypeOverGlobalOverAuto()
    {
        var (r, c) = Num("age", Cycle(200, 1, 2, 3, 4, 5, 6, 7, 8), Cycle(150, 2, 3, 4, 5, 6, 7, 8, 9));
        Assert.Equal("ks", DatasetDrift.TestColumn(r, c, new DriftOptions()).StatTest);
        Assert.Equal("psi", DatasetDrift.TestColumn(r, c, new DriftOptions { Method = "psi" }).StatTest);
        Assert.Equal("t_test", DatasetDrift.TestColumn(r, c, new DriftOptions { Method = "psi", NumMethod = "t_test" }).StatTest);
        Assert.Equal("hellinger", DatasetDrift.TestColumn(r, c, new DriftOptions
        {
            Method = "psi",
            NumMethod = "t_test",
            PerColumnMethod = new Dictionary<string, string> { ["age"] = "hellinger" },
        }).StatTest);
        Assert.Equal("ks", DatasetDrift.TestColumn(r, c, new DriftOptions
        {
            CatMethod = "chisquare",
            PerColumnMethod = new Dictionary<string, string> { ["other"] = "psi" },
        }).StatTest);
    }

    [Fact]
    public void TestColumn_ThresholdPrecedence_PerColumnOverPerTypeOverGlobalOverDefault()
    {
        var (r, c) = Cat("city", Cycle(30, "a", "b", "c"), Cycle(30, "a", "b", "c", "c"));
        Assert.Equal(0.05, DatasetDrift.TestColumn(r, c, new DriftOptions()).Threshold);
        Assert.Equal(0.2, DatasetDrift.TestColumn(r, c, new DriftOptions { Threshold = 0.2 }).Threshold);
        Assert.Equal(0.3, DatasetDrift.TestColumn(r, c, new DriftOptions { Threshold = 0.2, CatThreshold = 0.3, NumThreshold = 0.4 }).Threshold);
        Assert.Equal(0.01, DatasetDrift.TestColumn(r, c, new DriftOptions
        {
            Threshold = 0.2,
            CatThreshold = 0.3,
            PerColumnThreshold = new Dictionary<string, double> { ["city"] = 0.01 },
        }).Threshold);
    }

    [Fact]
    public void TestColumn_MethodAndThresholdResolveIndependently()
    {
        // A per-type threshold applies to a per-column method; the method's own default is used only when none is set.
        var (r, c) = Cat("city", Cycle(30, "a", "b"), Cycle(30, "a", "b", "b"));
        var options = new DriftOptions { PerColumnMethod = new Dictionary<string, string> { ["city"] = "psi" }, CatThreshold = 0.7 };
        var result = DatasetDrift.TestColumn(r, c, options);
        Assert.Equal("psi", result.StatTest);
        Assert.Equal(0.7, result.Threshold);
        Assert.Equal(0.1, DatasetDrift.TestColumn(r, c, options with { CatThreshold = null }).Threshold);
    }
}
