using Argus.Core.Monitoring.Suites;

namespace Argus.Tests.Core.Monitoring.Suites;

public sealed class ApproxValueTests
{
    [Fact]
    public void Tolerance_LargerOfRelativeAndAbsolute()
    {
        Assert.Equal(1.0, new ApproxValue(10, 0.1, 0.5).Tolerance, 15);
        Assert.Equal(0.5, new ApproxValue(1, 0.1, 0.5).Tolerance, 15);
        Assert.Equal(1e-12, new ApproxValue(0).Tolerance);
    }

    [Theory]
    [InlineData(ConditionOperator.Eq, 11.0, true)]
    [InlineData(ConditionOperator.Eq, 11.01, false)]
    [InlineData(ConditionOperator.NotEq, 11.01, true)]
    [InlineData(ConditionOperator.Gt, 11.0, false)]
    [InlineData(ConditionOperator.Gt, 11.01, true)]
    [InlineData(ConditionOperator.Gte, 9.0, true)]
    [InlineData(ConditionOperator.Gte, 8.99, false)]
    [InlineData(ConditionOperator.Lt, 9.0, false)]
    [InlineData(ConditionOperator.Lt, 8.99, true)]
    [InlineData(ConditionOperator.Lte, 11.0, true)]
    [InlineData(ConditionOperator.Lte, 11.01, false)]
    public void Check_BandOfTenPercentAroundTen_AsEvidentlyApprox(ConditionOperator op, double actual, bool expected)
    {
        Assert.Equal(expected, new ApproxValue(10, 0.1).Check(op, actual));
    }

    [Fact]
    public void Check_NaN_FailsAllButNotEq()
    {
        var band = new ApproxValue(1, 0.1);
        Assert.False(band.Check(ConditionOperator.Eq, double.NaN));
        Assert.False(band.Check(ConditionOperator.Gte, double.NaN));
        Assert.True(band.Check(ConditionOperator.NotEq, double.NaN));
    }
}
