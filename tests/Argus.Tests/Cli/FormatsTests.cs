using Argus.Cli.Output;

namespace Argus.Tests.Cli;

public sealed class FormatsTests
{
    [Theory]
    [InlineData(0, 850, "850ms")]
    [InlineData(0, 12_345, "12.3s")]
    [InlineData(0, 245_000, "4m 05s")]
    [InlineData(0, 7_380_000, "2h 03m")]
    [InlineData(0, 93_600_000, "1d 02h")]
    public void Duration_EndAfterStart_IsShortText(long start, long end, string expected)
    {
        Assert.Equal(expected, Formats.Duration(start, end));
    }

    [Fact]
    public void Duration_NoEnd_IsDash()
    {
        Assert.Equal("-", Formats.Duration(1000, null));
    }

    [Fact]
    public void Timestamp_EpochMs_IsUtcIso8601()
    {
        Assert.Equal("2023-11-14T22:13:20Z", Formats.Timestamp(1_700_000_000_000));
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1234567.0, "1.23457E+06")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Number_Value_IsInvariantText(double value, string expected)
    {
        Assert.Equal(expected, Formats.Number(value));
    }
}
