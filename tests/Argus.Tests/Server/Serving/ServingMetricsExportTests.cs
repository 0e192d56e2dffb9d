using System.Net;
using System.Text;
using Argus.Tests.Core.Telemetry;

namespace Argus.Tests.Server.Serving;

/// <summary><c>GET /metrics</c> on <c>argus serve</c>: the serving meter, made through the host's meter factory, is exported.</summary>
public sealed class ServingMetricsExportTests(ServedTipsModel served) : IClassFixture<ServedTipsModel>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Metrics_AfterScoring_ExportsServingInstruments()
    {
        using var scored = await served.Http.PostAsync("/invocations",
            new StringContent("""{"instances": [[16.99, "Female", "No", "Sun", "Dinner", 2]]}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);

        using var response = await served.Http.GetAsync("/metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE argus_serving_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Matches("\nargus_serving_requests_total\\{model=\"[^\"]+\",status=\"200\",version=\"[^\"]+\"\\} [1-9]", text);
        Assert.Contains("# TYPE argus_serving_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains(",le=\"0.0001\"} ", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE argus_serving_model_info gauge\n", text, StringComparison.Ordinal);
        var (exitCode, output) = await TelemetryText.CheckAsync(text);
        Assert.True(exitCode == 0, $"promtool: exit {exitCode}: {output}");
    }
}
