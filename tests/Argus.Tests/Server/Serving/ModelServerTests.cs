using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Argus.Core.Data;
using Argus.Core.Tracking.Sdk;
using Argus.Server.Hosting;
using Argus.Server.Serving;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Models;
using Argus.XGBoost.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Argus.Tests.Server.Serving;

/// <summary>A tips model trained once into a temporary store and served by <c>argus serve</c>'s host on loopback.</summary>
public sealed class ServedTipsModel : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("argus-serve");

    public RunningServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public ModelPackage Package { get; private set; } = null!;

    public string RunId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var uri = _directory.SqliteUri();
        await using (var tracker = await Tracker.CreateAsync(uri))
        {
            var outcome = await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 30 });
            RunId = outcome.RunId;
        }

        Server = await ModelServer.StartAsync(new ServingOptions { ModelUri = $"runs:/{RunId}/model", TrackingUri = uri, Port = 0, MaxBodyBytes = 256 * 1024 });
        Http = new HttpClient { BaseAddress = Server.Url };
        Package = await ModelPackage.LoadAsync(Path.Combine(_directory.Path, "artifacts", "0", RunId, "artifacts", "model"));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Package.Dispose();
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}

public sealed class ModelServerTests(ServedTipsModel served) : IClassFixture<ServedTipsModel>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return served.Http.PostAsync("/invocations", content, Ct);
    }

    private static async Task<float[]> PredictionsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => (float)p.GetDouble()).ToArray();
    }

    // What the model predicts for the first rows of tips, encoded as training encodes them.
    private float[] Expected(int rows)
    {
        var table = TableLoader.Load(DataFixtures.TipsPath, new ColumnMapping { Target = "tip" });
        var encoded = served.Package.Encoder.Encode(TrainingJob.TakeRows(table, [.. Enumerable.Range(0, rows)]));
        return served.Package.Booster.Predict(encoded.Features, encoded.RowCount, encoded.ColumnCount);
    }

    [Fact]
    public async Task Ping_ModelLoaded_200WithNewline()
    {
        foreach (var path in new[] { "/ping", "/health" })
        {
            using var response = await served.Http.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\n", await response.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task Invocations_DataframeSplit_PredictsWhatTheBoosterPredicts()
    {
        const string body = """
            {"dataframe_split": {"columns": ["total_bill", "sex", "smoker", "day", "time", "size"],
             "data": [[16.99, "Female", "No", "Sun", "Dinner", 2], [10.34, "Male", "No", "Sun", "Dinner", 3], [21.01, "Male", "No", "Sun", "Dinner", 3]]}}
            """;
        using var response = await PostAsync(body);

        Assert.Equal(Expected(3), await PredictionsAsync(response));
        Assert.Equal("0", Assert.Single(response.Headers.GetValues("X-Argus-Model-Version")));
        Assert.Equal(32, Assert.Single(response.Headers.GetValues("X-Request-Id")).Length);
    }

    [Fact]
    public async Task Invocations_Csv_SameAnswerAsJson()
    {
        var lines = File.ReadAllLines(DataFixtures.TipsPath).Take(4);
        using var response = await PostAsync(string.Join("\n", lines), "text/csv; charset=utf-8");
        Assert.Equal(Expected(3), await PredictionsAsync(response));
    }

    [Fact]
    public async Task Invocations_CallersRequestId_Echoed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations")
        {
            Content = new StringContent("""{"instances": [[16.99, "Female", "No", "Sun", "Dinner", 2]]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Request-Id", "order-42");
        using var response = await served.Http.SendAsync(request, Ct);
        Assert.Equal("order-42", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=latin-1")]
    [InlineData("application/json; format=pandas-split")]
    public async Task Invocations_OtherContentType_415(string contentType)
    {
        using var response = await PostAsync("""{"instances": []}""", contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("UNSUPPORTED_MEDIA_TYPE", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_WrongColumns_400NamingThem()
    {
        using var response = await PostAsync("""{"dataframe_records": [{"total_bill": "x", "sex": "Female", "colour": 1}]}""");
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("BAD_REQUEST", json.RootElement.GetProperty("error_code").GetString());
        var message = json.RootElement.GetProperty("message").GetString()!;
        Assert.Contains("missing columns: smoker, day, time, size", message, StringComparison.Ordinal);
        Assert.Contains("unknown column: colour", message, StringComparison.Ordinal);
        Assert.Contains("'total_bill' must be a number", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_OversizeBody_413()
    {
        var rows = string.Join(",", Enumerable.Repeat("""[16.99, "Female", "No", "Sun", "Dinner", 2]""", 10_000));
        using var response = await PostAsync($$"""{"instances": [{{rows}}]}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Invocations_ThousandRows_OnePredictionEach()
    {
        var lines = File.ReadAllLines(DataFixtures.TipsPath);
        var csv = string.Join("\n", lines.Take(1).Concat(Enumerable.Range(0, 1000).Select(i => lines[1 + (i % (lines.Length - 1))])));
        using var response = await PostAsync(csv, "text/csv");
        var predictions = await PredictionsAsync(response);
        Assert.Equal(1000, predictions.Length);
        Assert.Equal(Expected(3), predictions[..3]);
        Assert.All(predictions, p => Assert.True(float.IsFinite(p)));
        Assert.Equal(predictions[0].ToString("R", CultureInfo.InvariantCulture), predictions[lines.Length - 1].ToString("R", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Form_Get_OneFieldPerInputWithTrainingCategories()
    {
        var html = await served.Http.GetStringAsync("/", Ct);
        Assert.Contains("name=\"total_bill\" type=\"number\"", html, StringComparison.Ordinal);
        Assert.Contains("<option>Thur</option>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"tip\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_Post_ShowsThePredictionAndKeepsTheValues()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["total_bill"] = "16.99", ["sex"] = "Female", ["smoker"] = "No", ["day"] = "Sun", ["time"] = "Dinner", ["size"] = "2", ["__submit"] = "1",
        });
        using var response = await served.Http.PostAsync("/", form, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<b id=\"prediction\">{Expected(1)[0].ToString("G6", CultureInfo.InvariantCulture)}</b>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"16.99\"", html, StringComparison.Ordinal);
        Assert.Contains("<option selected>Sun</option>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_PostBadNumber_ErrorShownEscaped()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["total_bill"] = "<b>x</b>", ["sex"] = "Female" });
        using var response = await served.Http.PostAsync("/", form, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_CountedByTheServingInstruments()
    {
        var factory = served.Server.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var requests = new System.Collections.Concurrent.ConcurrentBag<(long Value, string? Status)>();
        var rows = 0L;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == "Argus.Serving")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "argus.serving.requests")
            {
                string? status = null;
                foreach (var tag in tags)
                {
                    status = tag.Key == "status" ? tag.Value?.ToString() : status;
                }

                requests.Add((value, status));
            }
            else if (instrument.Name == "argus.serving.rows")
            {
                Interlocked.Add(ref rows, value);
            }
        });
        listener.Start();

        using (var ok = await PostAsync("""{"instances": [[16.99, "Female", "No", "Sun", "Dinner", 2], [10.34, "Male", "No", "Sun", "Dinner", 3]]}"""))
        using (var bad = await PostAsync("""{"instances": [{"total_bill": "x"}]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        listener.Dispose();
        Assert.Contains(requests, r => r.Status == "200");
        Assert.Contains(requests, r => r.Status == "400");
        Assert.True(Interlocked.Read(ref rows) >= 2);
    }
}
