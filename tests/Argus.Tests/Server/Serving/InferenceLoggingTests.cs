using System.Net;
using System.Text;
using System.Text.Json;
using Argus.Core.Inference;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Server.Serving;
using Argus.Tests.Cli;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Models;
using Argus.XGBoost.Training;

namespace Argus.Tests.Server.Serving;

/// <summary>Every prediction reaches the inference log (nothing lost at a graceful stop), and ground truth joins it by request id.</summary>
public sealed class InferenceLoggingTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempDirectory _directory = new("argus-inference");
    private string _runId = null!;

    private string LogDirectory => _directory.Combine("inference");

    public async Task InitializeAsync()
    {
        await using var tracker = await Tracker.CreateAsync(_directory.SqliteUri());
        _runId = (await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 15 })).RunId;
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    private Task<Argus.Server.Hosting.RunningServer> StartServerAsync() => ModelServer.StartAsync(new ServingOptions
    {
        ModelUri = $"runs:/{_runId}/model",
        TrackingUri = _directory.SqliteUri(),
        Port = 0,
        InferenceLogDirectory = LogDirectory,
    });

    [Fact]
    public async Task Predictions_AllLoggedWithInputsAndOutputs_AndFeedbackJoins()
    {
        var started = DateTimeOffset.UnixEpoch;
        var predictions = new Dictionary<string, double[]>();
        await using (var server = await StartServerAsync())
        {
            using var http = new HttpClient { BaseAddress = server.Url };
            for (var i = 0; i < 300; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations")
                {
                    Content = new StringContent(
                        $$"""{"dataframe_records": [{"total_bill": {{10 + i}}.5, "sex": "Female", "smoker": "No", "day": "Sun", "time": "Dinner", "size": 2}, {"total_bill": 20, "size": 9, "sex": "Robot", "smoker": null, "day": "Sat", "time": "Lunch"}]}""",
                        Encoding.UTF8,
                        "application/json"),
                };
                request.Headers.Add("X-Request-Id", $"req-{i}");
                using var response = await http.SendAsync(request, Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
                predictions[$"req-{i}"] = json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            }

            using var feedback = await http.PostAsync("/feedback", new StringContent("""[{"request_id": "req-7", "actual": [2.5, 3]}, {"request_id": "req-8", "actual": 1.25, "row": 1}]""", Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
            using var bad = await http.PostAsync("/feedback", new StringContent("""{"actual": 2}""", Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        } // graceful stop: the writer drains and fsyncs

        var records = new List<InferenceRecord>();
        await foreach (var record in new InferenceLogReader(LogDirectory).ReadAsync("model", started, DateTimeOffset.MaxValue, Ct))
        {
            records.Add(record);
        }

        Assert.Equal(300, records.Count);
        var seven = records.Single(r => r.RequestId == "req-7");
        Assert.Equal("0", seven.Version);
        Assert.Equal(["total_bill", "sex", "smoker", "day", "time", "size"], seven.Columns);
        var rows = InferenceInputs.ReadRows(seven.Inputs);
        Assert.Equal([17.5, "Female", "No", "Sun", "Dinner", "2"], rows[0]);
        Assert.Equal([20.0, "Robot", null, "Sat", "Lunch", "9"], rows[1]); // unseen categories kept as sent, whatever their order
        Assert.Equal(predictions["req-7"].Select(p => (float)p), seven.Outputs); // the answer is the float32 output, written in shortest form
        Assert.True(seven.LatencyMicroseconds > 0);

        var joined = new List<JoinedInferenceRecord>();
        await foreach (var record in new FeedbackLog(LogDirectory).ReadJoinedAsync("model", started, DateTimeOffset.MaxValue, Ct))
        {
            joined.Add(record);
        }

        Assert.Equal(300, joined.Count);
        Assert.Equal([2.5, 3.0], joined.Single(j => j.Inference.RequestId == "req-7").ActualByRow!.Select(a => a![0].Number));
        Assert.Equal(2, joined.Count(j => j.HasActual));
    }

    [Fact]
    public async Task OutputsJson_FromTheAnswer_IsWhatTheLogWouldWrite()
    {
        // The server hands the log its answer's bytes instead of formatting the outputs twice: they must be the same bytes.
        await using var store = await TrackingStores.OpenAsync(_directory.SqliteUri());
        using var package = await (await ModelSource.ResolveAsync($"runs:/{_runId}/model", store)).LoadAsync(store);
        var model = new ServingModel(package, "model", "1");
        float[] outputs = [1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-7f, float.MaxValue, -0.0f, 2.0999999f];
        var answer = new byte[model.MaxAnswerBytes(outputs.Length)];
        var length = model.WriteAnswer(outputs, answer);

        var expected = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(expected))
        {
            writer.WriteStartArray();
            foreach (var output in outputs)
            {
                InferenceJson.WriteNumber(writer, output);
            }

            writer.WriteEndArray();
        }

        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(model.OutputsJson(answer.AsSpan(0, length)).Span));
    }

    [Fact]
    public async Task FeedbackCommand_Csv_JoinsLoggedPredictions()
    {
        await using (var server = await StartServerAsync())
        {
            using var http = new HttpClient { BaseAddress = server.Url };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations")
            {
                Content = new StringContent("total_bill,sex,smoker,day,time,size\n16.99,Female,No,Sun,Dinner,2\n", Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("X-Request-Id", "csv-1");
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var file = _directory.Combine("truth.csv");
        await File.WriteAllTextAsync(file, "request_id,tip\ncsv-1,1.01\n", Ct);
        var result = await CliSandbox.RunAsync("feedback", file, "--model", "model", "--inference-log", LogDirectory);
        Assert.True(result.ExitCode == 0, result.ToString());

        var bad = _directory.Combine("bad.csv");
        await File.WriteAllTextAsync(bad, "request_id,tip\n,1.01\n", Ct);
        var rejected = await CliSandbox.RunAsync("feedback", bad, "--model", "model", "--inference-log", LogDirectory);
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("bad.csv", rejected.Stderr, StringComparison.Ordinal);

        await foreach (var record in new FeedbackLog(LogDirectory).ReadJoinedAsync("model", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, Ct))
        {
            Assert.Equal(1.01, record.ActualByRow![0]![0].Number);
        }
    }
}
