using Argus.Core.Telemetry;

namespace Argus.Tests.Core.Telemetry;

public sealed class GoFloatTests
{
    // What Go prints with strconv.FormatFloat(v, 'g', -1, 64), and client_golang for the special values.
    [Theory]
    [InlineData(1e6, "1e+06")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(1e-07, "1e-07")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e+308, "1.7976931348623157e+308")]
    [InlineData(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [InlineData(0.1, "0.1")]
    [InlineData(100.0, "100")]
    [InlineData(1.0, "1")]
    [InlineData(-1.0, "-1")]
    [InlineData(0.005, "0.005")]
    [InlineData(0.075, "0.075")]
    [InlineData(2.5, "2.5")]
    [InlineData(10.0, "10")]
    [InlineData(999999.0, "999999")]
    [InlineData(123456.0, "123456")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(1048576.0, "1.048576e+06")]
    [InlineData(1.7e9, "1.7e+09")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(1795343448.4796054, "1.7953434484796054e+09")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(-123.456, "-123.456")]
    [InlineData(12.75, "12.75")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Format_Value_MatchesGo(double value, string expected) => Assert.Equal(expected, GoFloat.Format(value));

    [Fact]
    public void Format_NegativeZero_IsZero()
    {
        Assert.Equal("0", GoFloat.Format(-0.0));
        Assert.Equal("0.0", GoFloat.FormatOpenMetrics(-0.0));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-1.0, "-1.0")]
    [InlineData(10.0, "10.0")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1e-07, "1e-07")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void FormatOpenMetrics_Value_MatchesClientGolang(double value, string expected) =>
        Assert.Equal(expected, GoFloat.FormatOpenMetrics(value));

    [Fact]
    public void Format_ManyMagnitudes_RoundTripsAndUsesGoLayout()
    {
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            var text = GoFloat.Format(value);
            Assert.Equal(value == 0 ? 0 : value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
            Assert.DoesNotContain("E", text, StringComparison.Ordinal);
            var exponent = text.IndexOf('e', StringComparison.Ordinal);
            if (exponent >= 0)
            {
                Assert.True(text.Length - exponent >= 4, text); // e+06, never e+6
            }
        }
    }
}
