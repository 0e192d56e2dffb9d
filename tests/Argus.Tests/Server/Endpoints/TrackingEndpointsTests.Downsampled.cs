using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using static Argus.Tests.Server.ServerFixture;

namespace Argus.Tests.Server.Endpoints;

/// <summary>GET /api/2.0/argus/metrics/get-history-downsampled: get-history's shape, thinned by LTTB.</summary>
public sealed partial class TrackingEndpointsTests
{
    private const string Downsampled = "/api/2.0/argus/metrics/get-history-downsampled";

    [Fact]
    public async Task GetHistoryDownsampled_200kPoints_KeepsMaxPointsEndsSpikeAndNaN()
    {
        const int n = 200_000;
        const long t0 = 1_700_000_000_000;
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        await LogSeriesAsync(runId, "loss", n, i => i == 123_457 ? "1000000" : i == 150_000 ? "\"NaN\"" : "1", i => t0 + i);

        var reply = await server.GetAsync($"{Downsampled}?run_id={runId}&metric_key=loss&max_points=500");
        var ajax = await server.GetAsync($"/ajax-api/2.0/argus/metrics/get-history-downsampled?run_id={runId}&metric_key=loss&max_points=500");
        var byDefault = await server.GetAsync($"{Downsampled}?run_id={runId}&metric_key=loss&x_axis=timestamp");

        reply.AssertOk();
        Assert.Equal("application/json", reply.ContentType);
        Assert.Equal(reply.Text, ajax.Text);
        Assert.Equal(["metrics"], reply.Json.EnumerateObject().Select(p => p.Name));
        var points = reply.Json.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(500, points.Count);
        Assert.Equal(["key", "value", "timestamp", "step"], points[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, points[0].GetProperty("step").GetInt64());
        Assert.Equal(t0, points[0].GetProperty("timestamp").GetInt64());
        Assert.Equal(n - 1, points[^1].GetProperty("step").GetInt64());
        Assert.Contains(points, p => p.GetProperty("step").GetInt64() == 123_457 && p.GetProperty("value").GetDouble() == 1e6);
        Assert.Contains(points, p => p.GetProperty("step").GetInt64() == 150_000 && p.GetProperty("value").GetString() == "NaN");
        Assert.All(points, p => Assert.Equal("loss", p.GetProperty("key").GetString()));
        var steps = points.Select(p => p.GetProperty("step").GetInt64()).ToList();
        Assert.Equal(steps.Order(), steps);

        byDefault.AssertOk();
        Assert.Equal(1000, byDefault.Json.GetProperty("metrics").GetArrayLength());
    }

    [Fact]
    public async Task GetHistoryDownsampled_HistoryThatFits_IsGetHistoryUnchanged()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        await LogSeriesAsync(runId, "acc", 10, i => (0.5 + (i % 3)).ToString(CultureInfo.InvariantCulture), i => 1000 - i);

        var history = await server.GetAsync($"{Api}/metrics/get-history?run_id={runId}&metric_key=acc");
        var downsampled = await server.GetAsync($"{Downsampled}?run_id={runId}&metric_key=acc&max_points=10&x_axis=timestamp");

        downsampled.AssertOk();
        Assert.Equal(history.Text, downsampled.Text);
    }

    [Fact]
    public async Task GetHistoryDownsampled_UnknownRun_Returns404ResourceDoesNotExist()
    {
        var missing = Guid.NewGuid().ToString("N");

        var reply = await server.GetAsync($"{Downsampled}?run_id={missing}&metric_key=m");

        reply.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        reply.AssertMessageContains(missing);
    }

    [Theory]
    [InlineData("&max_points=9")]
    [InlineData("&max_points=100001")]
    [InlineData("&max_points=0")]
    [InlineData("&max_points=ten")]
    [InlineData("&max_points=10&x_axis=wall")]
    public async Task GetHistoryDownsampled_BadParameter_Returns400InvalidParameterValue(string query)
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var reply = await server.GetAsync($"{Downsampled}?run_id={runId}&metric_key=m{query}");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task GetHistoryDownsampled_NoMetricKey_Returns400()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var reply = await server.GetAsync($"{Downsampled}?run_id={runId}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        reply.AssertMessageContains("metric_key");
    }

    /// <summary>Logs steps 0..n-1 of <paramref name="key"/> through runs/log-batch, 1000 points a request.</summary>
    private async Task LogSeriesAsync(string runId, string key, int n, Func<int, string> valueJson, Func<int, long> timestamp)
    {
        var keyJson = JsonSerializer.Serialize(key);
        for (var first = 0; first < n; first += 1000)
        {
            var body = new StringBuilder($$"""{"run_id":"{{runId}}","metrics":[""");
            for (var i = first; i < Math.Min(n, first + 1000); i++)
            {
                body.Append(i == first ? "" : ",").Append(CultureInfo.InvariantCulture,
                    $$"""{"key":{{keyJson}},"value":{{valueJson(i)}},"timestamp":{{timestamp(i)}},"step":{{i}}}""");
            }

            (await server.PostAsync(Api + "/runs/log-batch", body.Append("]}").ToString())).AssertOk();
        }
    }
}
