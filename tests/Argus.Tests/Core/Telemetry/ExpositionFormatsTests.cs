using Argus.Core.Telemetry;

namespace Argus.Tests.Core.Telemetry;

public sealed class ExpositionFormatsTests
{
    [Theory]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    [InlineData("", ExpositionFormat.PrometheusText)]
    [InlineData("*/*", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain", ExpositionFormat.PrometheusText)]
    [InlineData("application/json", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text", ExpositionFormat.OpenMetrics)]
    [InlineData("APPLICATION/OpenMetrics-Text", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=2.0.0", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;q=0", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain;q=0.2, application/openmetrics-text;q=0.3", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1", ExpositionFormat.OpenMetrics)]
    public void Negotiate_Accept_PicksFormat(string? accept, ExpositionFormat expected) => Assert.Equal(expected, ExpositionFormats.Negotiate(accept));

    [Fact]
    public void ContentType_Formats_AreTheExactStrings()
    {
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", ExpositionFormats.ContentType(ExpositionFormat.PrometheusText));
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormats.ContentType(ExpositionFormat.OpenMetrics));
    }
}
