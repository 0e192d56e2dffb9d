using Argus.Core.Errors;
using Argus.XGBoost;

namespace Argus.Tests.XGBoost;

public sealed class DMatrixTests
{
    [Fact]
    public void Constructor_DenseRows_ReportsShape()
    {
        using var matrix = new DMatrix(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);

        Assert.Equal(3, matrix.Rows);
        Assert.Equal(2, matrix.Columns);
    }

    [Fact]
    public void Constructor_LengthNotRowsTimesColumns_ThrowsInvalidParameter()
    {
        var error = Assert.Throws<ArgusException>(() => new DMatrix(new float[] { 1, 2, 3 }, 2, 2));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public void SetLabel_WrongCount_ThrowsInvalidParameter()
    {
        using var matrix = new DMatrix(new float[] { 1, 2, 3, 4 }, 2, 2);

        var error = Assert.Throws<ArgusException>(() => matrix.SetLabel(new float[] { 1 }));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public void SetFeatureNames_Distinct_AreKept()
    {
        using var matrix = new DMatrix(new float[] { 1, 2, 3, 4 }, 2, 2);

        matrix.SetFeatureNames(["age", "income"]);

        Assert.Equal(["age", "income"], matrix.FeatureNames);
    }

    [Fact]
    public void SetFeatureNames_DuplicateAndWrongCount_ReportsBoth()
    {
        using var matrix = new DMatrix(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);

        var error = Assert.Throws<ArgusException>(() => matrix.SetFeatureNames(["a", "a"]));

        Assert.Contains("Expected 3 feature names", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a' appears more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetLabel_AfterDispose_ThrowsObjectDisposed()
    {
        var matrix = new DMatrix(new float[] { 1, 2, 3, 4 }, 2, 2);
        matrix.Dispose();

        Assert.Throws<ObjectDisposedException>(() => matrix.SetLabel(new float[] { 1, 2 }));
    }

    [Fact]
    public void Dispose_Twice_DoesNotThrow()
    {
        var matrix = new DMatrix(new float[] { 1, 2, 3, 4 }, 2, 2);
        matrix.Dispose();

        var error = Record.Exception(matrix.Dispose);

        Assert.Null(error);
    }
}
