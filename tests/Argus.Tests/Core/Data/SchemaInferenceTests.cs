using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Tests.Core.Data;

public sealed class SchemaInferenceTests
{
    [Fact]
    public void Resolve_Tips_TypesFollowEvidentlyRule()
    {
        var table = DataFixtures.Tips(new ColumnMapping { Target = "tip" });
        var schema = table.Schema;
        Assert.Equal(244, table.RowCount);
        Assert.Equal(ColumnType.Numerical, schema.TypeOf("total_bill"));
        Assert.Equal(ColumnType.Numerical, schema.TypeOf("tip"));
        foreach (var name in new[] { "sex", "smoker", "day", "time", "size" })
        {
            Assert.Equal(ColumnType.Categorical, schema.TypeOf(name));
        }

        Assert.Equal(TaskType.Regression, schema.Task);
        Assert.Equal(["total_bill", "sex", "smoker", "day", "time", "size"], schema.Features);
    }

    [Fact]
    public void InferColumnType_IntegersAboveLimit_Numerical()
    {
        var values = Enumerable.Range(0, 11).Select(i => (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(ColumnType.Numerical, SchemaInference.InferColumnType(values));
        Assert.Equal(ColumnType.Categorical, SchemaInference.InferColumnType(values[..10]));
    }

    [Fact]
    public void InferColumnType_FewIntegersWithMissing_NumericalLikePandasFloat()
    {
        Assert.Equal(ColumnType.Numerical, SchemaInference.InferColumnType(new string?[] { "1", "2", null, "1" }));
    }

    [Fact]
    public void InferColumnType_FewFloats_Numerical()
    {
        Assert.Equal(ColumnType.Numerical, SchemaInference.InferColumnType(new string?[] { "1.5", "1.5", "2.0" }));
    }

    [Fact]
    public void InferColumnType_ManyDistinctStrings_Text()
    {
        Assert.Equal(ColumnType.Text, SchemaInference.InferColumnType(new string?[] { "a b", "c d", "e f", "a b" }));
        Assert.Equal(ColumnType.Categorical, SchemaInference.InferColumnType(new string?[] { "x", "y", "x", "x" }));
    }

    [Fact]
    public void InferColumnType_IsoDates_Datetime()
    {
        Assert.Equal(ColumnType.Datetime, SchemaInference.InferColumnType(new string?[] { "2024-01-02", "2024-01-03T10:00:00Z", null }));
        Assert.Equal(ColumnType.Categorical, SchemaInference.InferColumnType(new string?[] { "2024-01-02", "soon", "soon", "soon" }));
    }

    [Fact]
    public void Resolve_SingleDatetimeColumn_BecomesTimestampNotFeature()
    {
        var table = DataFixtures.Read("when,x,y\n2024-01-01,1.5,2.5\n2024-01-02,2.5,3.5\n2024-01-03,3.5,4.5\n");
        Assert.Equal("when", table.Schema.Datetime);
        Assert.Equal(["x", "y"], table.Schema.Features);
    }

    [Fact]
    public void Resolve_MappingOverridesInference_TypesAndOrder()
    {
        var mapping = new ColumnMapping
        {
            Target = "tip",
            Task = "regression",
            NumericalFeatures = ["size", "total_bill"],
            CategoricalFeatures = ["day"],
        };
        var table = DataFixtures.Tips(mapping);
        Assert.Equal(ColumnType.Numerical, table.Schema.TypeOf("size"));
        Assert.NotNull(table["size"].Numbers);
        Assert.Equal(["size", "total_bill", "day"], table.Schema.Features);
    }

    [Fact]
    public void Resolve_OnlyNumericalListGiven_RemainingCategoricalInferred()
    {
        var table = DataFixtures.Tips(new ColumnMapping { Target = "tip", NumericalFeatures = ["size"] });
        Assert.Equal(["size", "sex", "smoker", "day", "time"], table.Schema.Features);
        Assert.DoesNotContain("total_bill", table.Schema.Features);
    }

    [Fact]
    public void Resolve_InvalidMapping_ReportsEveryProblem()
    {
        var mapping = new ColumnMapping
        {
            Target = "sex",
            Task = "regression",
            Id = "nope",
            NumericalFeatures = ["total_bill", "day"],
            CategoricalFeatures = ["total_bill"],
        };
        var e = Assert.Throws<ArgusException>(() => DataFixtures.Tips(mapping));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("id 'nope' is not a column of tips.csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("column 'total_bill' is listed twice (numerical_features and categorical_features)", e.Message, StringComparison.Ordinal);
        Assert.Contains("target 'sex' is categorical (it has non-numeric values) but task is regression", e.Message, StringComparison.Ordinal);
        Assert.Contains("numerical feature 'day' has non-numeric values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownTaskAndMissingTarget_BothReported()
    {
        var e = Assert.Throws<ArgusException>(() => DataFixtures.Tips(new ColumnMapping { Target = "gratuity", Task = "ranking" }));
        Assert.Contains("unknown task 'ranking'", e.Message, StringComparison.Ordinal);
        Assert.Contains("target 'gratuity' is not a column of tips.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_StringTargetWithoutTask_Classification()
    {
        var table = DataFixtures.Tips(new ColumnMapping { Target = "smoker" });
        Assert.Equal(TaskType.Classification, table.Schema.Task);
        Assert.DoesNotContain("smoker", table.Schema.Features);
    }

    [Fact]
    public void Read_NonNumericValueInNumericalSchema_NamesLine()
    {
        var training = DataFixtures.Read("x,y\n1.5,2.5\n2.5,3.5\n3.5,4.5\n4.5,5.5\n5.5,6.5\n", new ColumnMapping { Target = "y" });
        var e = Assert.Throws<ArgusException>(() =>
            TableLoader.Read(new StringReader("x,y\n1.5,2\n2.5,abc\n"), "val.csv", training.Schema));
        Assert.Equal("val.csv line 3, column 2 ('y'): 'abc' is not a number", e.Message);
    }
}
