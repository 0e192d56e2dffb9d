using System.Globalization;
using System.Net;
using Argus.Tests.Core.Telemetry;

namespace Argus.Tests.Server.Endpoints;

/// <summary><c>GET /metrics</c> on a real <c>argus server</c>: both formats, their content types, and the tracking meter.</summary>
public sealed class MetricsEndpointsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string OpenMetricsAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    [Fact]
    public async Task Metrics_AfterCreatingARun_TextFormatCountsIt()
    {
        await server.CreateRunAsync(await server.CreateExperimentAsync());

        var (contentType, text) = await ScrapeAsync(null);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", contentType);
        Assert.Contains("# HELP argus_tracking_runs_created_total Runs created.\n# TYPE argus_tracking_runs_created_total counter\n", text, StringComparison.Ordinal);
        Assert.True(SampleValue(text, "argus_tracking_runs_created_total") >= 1);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/2.0/mlflow/runs/create\"", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# EOF", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_StoreOperations_TimedByOperation()
    {
        await server.CreateRunAsync(await server.CreateExperimentAsync());

        var (_, text) = await ScrapeAsync(null);

        Assert.Contains("# TYPE argus_tracking_store_operation_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("argus_tracking_store_operation_duration_seconds_count{operation=\"CreateRun\"}", text, StringComparison.Ordinal);
        Assert.Contains("argus_tracking_store_operation_duration_seconds_count{operation=\"CreateExperiment\"}", text, StringComparison.Ordinal);
        Assert.True(SampleValue(text, "argus_tracking_store_operation_duration_seconds_count{operation=\"CreateRun\"}") >= 1);
    }

    [Fact]
    public async Task Metrics_OpenMetricsAccepted_AnswersOpenMetrics()
    {
        await server.CreateRunAsync(await server.CreateExperimentAsync());

        var (contentType, text) = await ScrapeAsync(OpenMetricsAccept);

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", contentType);
        Assert.EndsWith("\n# EOF\n", text, StringComparison.Ordinal);
        Assert.Equal(text.Length - "# EOF\n".Length, text.IndexOf("# EOF", StringComparison.Ordinal));
        Assert.Contains("# TYPE argus_tracking_runs_created counter\n# HELP argus_tracking_runs_created Runs created.\n", text, StringComparison.Ordinal);
        Assert.True(SampleValue(text, "argus_tracking_runs_created_total") >= 1);
        Assert.DoesNotContain("\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_TextFormat_PromtoolFindsNoProblem()
    {
        await server.CreateRunAsync(await server.CreateExperimentAsync());

        var (_, text) = await ScrapeAsync(null);
        var (exitCode, output) = await TelemetryText.CheckAsync(text);

        Assert.True(exitCode == 0, $"promtool: exit {exitCode}: {output}");
        Assert.Equal(string.Empty, output.Trim());
    }

    /// <summary>
    /// promtool reads OpenMetrics with its 0.0.4 parser: it must parse (exit 1 would be a parse error), and its only
    /// complaint may be "no help text" on a counter's <c>x_total</c> samples, whose HELP OpenMetrics puts on the family
    /// <c>x</c>, where that HELP is present.
    /// </summary>
    [Fact]
    public async Task Metrics_OpenMetrics_PromtoolParsesIt()
    {
        await server.CreateRunAsync(await server.CreateExperimentAsync());

        var (_, text) = await ScrapeAsync(OpenMetricsAccept);
        var (exitCode, output) = await TelemetryText.CheckAsync(text);

        Assert.True(exitCode is 0 or 3, $"promtool: exit {exitCode}: {output}");
        foreach (var problem in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Assert.EndsWith("_total no help text", problem, StringComparison.Ordinal);
            var family = problem[..problem.IndexOf("_total ", StringComparison.Ordinal)];
            Assert.Contains($"# TYPE {family} counter\n", text, StringComparison.Ordinal);
            Assert.Contains($"# HELP {family} ", text, StringComparison.Ordinal);
        }
    }

    private async Task<(string? ContentType, string Text)> ScrapeAsync(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(body.Length > 0 && body[0] == (byte)'#', "starts with a comment line, no BOM");
        Assert.DoesNotContain((byte)'\r', body);
        return (response.Content.Headers.ContentType?.ToString(), System.Text.Encoding.UTF8.GetString(body));
    }

    private static double SampleValue(string text, string name)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
