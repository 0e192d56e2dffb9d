using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Server.Hosting;
using Argus.Server.Serving;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Models;
using Microsoft.Extensions.DependencyInjection;
using static Argus.Tests.Server.Endpoints.PredictSeed;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// The tracking server's signature and predict endpoints over a real server holding a registered tips model: the
/// signature is the encoder's, predictions are byte for byte what <c>argus serve</c> answers for the same version, an
/// alias is looked up on every request, errors are MLflow's, and a version is loaded once however many ask at once.
/// </summary>
public sealed class PredictEndpointsTests(PredictSeed seed) : IClassFixture<PredictSeed>
{
    private const string Split = """
        {"dataframe_split": {"columns": ["total_bill", "sex", "smoker", "day", "time", "size"],
         "data": [[16.99, "Female", "No", "Sun", "Dinner", 2], [50.81, "Male", "Yes", "Sat", "Dinner", 3], [7.25, null, "No", "Thur", "Lunch", 1]]}}
        """;

    private const string Records = """{"dataframe_records": [{"total_bill": 16.99, "sex": "Female", "smoker": "No", "day": "Sun", "time": "Dinner", "size": 2, "tip": 1.01}]}""";

    private static readonly CancellationToken Ct = CancellationToken.None;

    private static readonly string Csv = string.Join("\n", File.ReadLines(Core.Data.DataFixtures.TipsPath).Take(6));

    private ServerFixture Server => seed.Server;

    [Fact]
    public async Task Signature_RegressionModel_ListsTheTipsInputsWithTheEncodersCategories()
    {
        var reply = await Server.GetAsync($"{ArgusApi}/model-versions/signature?name={Model}&version=1");

        reply.AssertOk();
        Assert.Equal("application/json", reply.ContentType);
        var json = reply.Json;
        Assert.Equal(Model, json.GetProperty("name").GetString());
        Assert.Equal("1", json.GetProperty("version").GetString());
        Assert.Equal(["champion"], Strings(json.GetProperty("aliases")));
        Assert.Equal("regression", json.GetProperty("task").GetString());
        Assert.Equal("tip", json.GetProperty("target").GetString());
        Assert.Equal(seed.Run1, json.GetProperty("run_id").GetString());
        Assert.Equal("""{"type":"double"}""", json.GetProperty("output").GetRawText());
        Assert.Equal(["tip"], Strings(json.GetProperty("ignored_columns")));

        var inputs = json.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(["total_bill", "sex", "smoker", "day", "time", "size"], inputs.Select(i => i.GetProperty("name").GetString()));
        using var package = await ModelPackage.LoadAsync(seed.PackageDirectory1, Ct);
        foreach (var (input, feature) in inputs.Zip(package.Encoder.Features))
        {
            var categorical = feature.Type != ColumnType.Numerical;
            Assert.Equal(categorical ? "categorical" : "numerical", input.GetProperty("type").GetString());
            Assert.Equal(categorical, input.TryGetProperty("categories", out var categories));
            if (categorical)
            {
                Assert.Equal(feature.Categories, Strings(categories));
            }
        }

        var day = inputs.Single(i => i.GetProperty("name").GetString() == "day");
        Assert.Equal(["Fri", "Sat", "Sun", "Thur"], Strings(day.GetProperty("categories")).Order(StringComparer.Ordinal));
        Assert.Equal("numerical", inputs[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/api/2.0/argus")]
    [InlineData("/ajax-api/2.0/argus")]
    public async Task Signature_ByAlias_IsTheVersionTheAliasPointsAt(string prefix)
    {
        var reply = await Server.GetAsync($"{prefix}/model-versions/signature?name={Model}&alias=champion");
        reply.AssertOk();
        Assert.Equal("1", reply.Json.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Predict_ByVersionOrAlias_AnswersTheBytesArgusServeAnswersForThatVersion()
    {
        await using var serve1 = await ServeAsync("models:/tips/1");
        await using var serve2 = await ServeAsync("models:/tips/2"); // registered with a runs:/RUN/model source

        using var http1 = new HttpClient { BaseAddress = serve1.Url };
        using var http2 = new HttpClient { BaseAddress = serve2.Url };

        foreach (var (body, contentType) in new[] { (Split, "application/json"), (Records, "application/json"), (Csv, "text/csv"), (Csv, "text/csv; charset=utf-8") })
        {
            var served1 = await InvokeAsync(http1, body, contentType);
            var served2 = await InvokeAsync(http2, body, contentType);
            Assert.NotEqual(served1, served2);

            foreach (var (query, expected, version) in new[] { ("version=1", served1, "1"), ("alias=champion", served1, "1"), ("version=2", served2, "2") })
            {
                var (reply, answeredBy) = await PredictAsync($"name={Model}&{query}", body, contentType);
                reply.AssertOk();
                Assert.Equal("application/json", reply.ContentType);
                Assert.Equal(expected, reply.Text);
                Assert.Equal(version, answeredBy);
            }
        }
    }

    [Fact]
    public async Task Predict_AliasMoved_TheVersionItPointsAtNowAnswers()
    {
        var byVersion1 = (await PredictAsync($"name={Model}&version=1", Split)).Reply.Text;
        var byVersion2 = (await PredictAsync($"name={Model}&version=2", Split)).Reply.Text;
        Assert.NotEqual(byVersion1, byVersion2);

        await seed.SetAliasAsync("candidate", "1");
        var (before, versionBefore) = await PredictAsync($"name={Model}&alias=candidate", Split);
        await seed.SetAliasAsync("candidate", "2");
        var (after, versionAfter) = await PredictAsync($"name={Model}&alias=candidate", Split);

        Assert.Equal(("1", byVersion1), (versionBefore, before.Text));
        Assert.Equal(("2", byVersion2), (versionAfter, after.Text));
        var signature = await Server.GetAsync($"{ArgusApi}/model-versions/signature?name={Model}&alias=candidate");
        Assert.Equal("2", signature.Json.GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("name=nope&version=1", HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData("name=tips&version=99", HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData("name=tips&alias=nope", HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData("name=tips&version=1&alias=champion", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")]
    [InlineData("name=tips", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")]
    [InlineData("name=tips&version=&alias=", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")]
    [InlineData("version=1", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")]
    [InlineData("name=tips&version=one", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")]
    public async Task BothEndpoints_BadSelector_MlflowError(string query, HttpStatusCode status, string code)
    {
        (await Server.GetAsync($"{ArgusApi}/model-versions/signature?{query}")).AssertError(status, code);
        (await PredictAsync(query, Split)).Reply.AssertError(status, code);
    }

    [Fact]
    public async Task BothEndpoints_VersionAndAlias_400SayingToGiveOne()
    {
        var reply = await Server.GetAsync($"{ArgusApi}/model-versions/signature?name={Model}&version=1&alias=champion");
        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("either 'version' or 'alias', not both");
    }

    [Theory]
    [InlineData("""{"dataframe_records": [{"total_bill": "x", "sex": "Female", "colour": 1}]}""", "application/json")]
    [InlineData("""{"instances": [[16.99, "Female"]]}""", "application/json")]
    [InlineData("""{"dataframe_split": {"columns": ["total_bill"]""", "application/json")]
    [InlineData("""{"rows": []}""", "application/json")]
    [InlineData("total_bill,sex\n16.99,Female", "text/csv")]
    public async Task Predict_BodyTheScoringParserRejects_400WithItsMessage(string body, string contentType)
    {
        using var package = await ModelPackage.LoadAsync(seed.PackageDirectory1, Ct);
        var schema = new ServingModel(package, Model, "1").Schema;
        var bytes = Encoding.UTF8.GetBytes(body);
        var expected = Assert.Throws<ArgusException>(() => contentType == "text/csv" ? ScoringInput.ParseCsv(bytes, schema) : ScoringInput.ParseJson(bytes, schema));

        var (reply, _) = await PredictAsync($"name={Model}&version=1", body, contentType);

        reply.AssertError(HttpStatusCode.BadRequest, expected.Code.WireName());
        Assert.Equal(expected.Message, reply.Message);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=latin-1")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Predict_OtherContentType_415(string contentType)
    {
        var (reply, _) = await PredictAsync($"name={Model}&version=1", Split, contentType);
        reply.AssertError(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Predict_BodyOverTheLimit_413()
    {
        var rows = string.Join(",", Enumerable.Repeat("""[16.99, "Female", "No", "Sun", "Dinner", 2]""", 10_000));
        var body = $$"""{"instances": [{{rows}}]}""";
        Assert.True(body.Length > MaxPredictBodyBytes);

        var (reply, _) = await PredictAsync($"name={Model}&version=1", body);

        reply.AssertError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE");
    }

    [Fact]
    public async Task Predict_ConcurrentFirstRequests_LoadTheVersionOnce()
    {
        // A version no other test asks for, so this test sees its first load.
        var version = await seed.RegisterAsync(seed.Source1, seed.Run1);
        var cache = Server.Services.GetRequiredService<ServingModelCache>();
        var before = cache.Loads;

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PredictAsync($"name={Model}&version={version}", Split)));
        var again = await PredictAsync($"name={Model}&version={version}", Split);

        Assert.All(replies, r => r.Reply.AssertOk());
        Assert.Single(replies.Select(r => r.Reply.Text).Append(again.Reply.Text).Distinct());
        Assert.All(replies, r => Assert.Equal(version, r.Version));
        Assert.Equal(1, cache.Loads - before);
    }

    [Fact]
    public async Task Predict_OnAServerAlsoServingAModel_IsNeitherLoggedNorCountedAsServing()
    {
        using var directory = new TempDirectory("argus-predict-unlogged");
        var logRoot = directory.Combine("inference");
        var server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = directory.SqliteUri(),
            ArtifactsDestination = directory.Combine("artifacts"),
            Serving = new ServingOptions { ModelUri = seed.PackageDirectory1, InferenceLogDirectory = logRoot },
        }, Ct);
        try
        {
            await PredictThenInvokeAsync(server, seed.PackageDirectory1);
        }
        finally
        {
            await server.DisposeAsync(); // a graceful stop writes every accepted record
        }

        var records = Directory.EnumerateFiles(logRoot, "*.jsonl", SearchOption.AllDirectories).SelectMany(File.ReadLines).ToList();
        Assert.Single(records); // the invocation's
    }

    // A prediction through the predict endpoint counts no serving request; one through /serving/invocations counts one.
    private static async Task PredictThenInvokeAsync(RunningServer server, string packageDirectory)
    {
        using var http = new HttpClient { BaseAddress = server.Url };
        await PostOkAsync(http, ServerFixture.Api + "/registered-models/create", """{"name":"tips"}""");
        await PostOkAsync(http, ServerFixture.Api + "/model-versions/create", JsonSerializer.Serialize(new { name = "tips", source = packageDirectory }));

        var factory = server.Services.GetRequiredService<IMeterFactory>();
        var servingRequests = 0L;
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == "Argus.Serving" && instrument.Name == "argus.serving.requests")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref servingRequests, value));
            listener.Start();

            using (var predicted = await http.PostAsync($"{ArgusApi}/model-versions/predict?name=tips&version=1", new StringContent(Split, Encoding.UTF8, "application/json"), Ct))
            {
                Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
            }

            Assert.Equal(0, Interlocked.Read(ref servingRequests));

            // The same server's scoring route is counted and logged: the instruments and the log are live.
            using var invoked = await http.PostAsync("/serving/invocations", new StringContent(Split, Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, invoked.StatusCode);
            Assert.Equal(1, Interlocked.Read(ref servingRequests));
        }
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private Task<RunningServer> ServeAsync(string modelUri) =>
        ModelServer.StartAsync(new ServingOptions { ModelUri = modelUri, TrackingUri = Server.BaseAddress.AbsoluteUri, Port = 0 }, Ct);

    private static async Task<string> InvokeAsync(HttpClient http, string body, string contentType)
    {
        using var content = ServerFixture.Typed(body, contentType);
        using var response = await http.PostAsync("/invocations", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    private async Task<(WireReply Reply, string? Version)> PredictAsync(string query, string body, string contentType = "application/json")
    {
        using var content = ServerFixture.Typed(body, contentType);
        using var response = await Server.Client.PostAsync($"{ArgusApi}/model-versions/predict?{query}", content, Ct);
        var version = response.Headers.TryGetValues("X-Argus-Model-Version", out var values) ? values.Single() : null;
        return (await WireReply.ReadAsync(response), version);
    }

    private static async Task PostOkAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }
}
