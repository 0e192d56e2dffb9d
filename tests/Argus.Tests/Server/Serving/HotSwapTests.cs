using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Server.Serving;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Models;
using Argus.XGBoost.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Argus.Tests.Server.Serving;

/// <summary>
/// <c>argus serve --model models:/tips@champion</c> under load while the alias moves: every request succeeds and is
/// answered wholly by one version — its predictions are exactly that version's, as its header says.
/// </summary>
public sealed class HotSwapTests : IAsyncLifetime
{
    private const string Body = """
        {"dataframe_split": {"columns": ["total_bill", "sex", "smoker", "day", "time", "size"],
         "data": [[16.99, "Female", "No", "Sun", "Dinner", 2], [50.81, "Male", "Yes", "Sat", "Dinner", 3]]}}
        """;

    private readonly TempDirectory _directory = new("argus-swap");
    private ITrackingStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TrackingStores.OpenAsync(_directory.SqliteUri(), null, CancellationToken.None);
        await using var tracker = Tracker.For(_store);
        var registry = ModelRegistries.For(_store);
        await registry.CreateRegisteredModelAsync("tips", null, [], CancellationToken.None);
        foreach (var depth in new[] { "2", "5" })
        {
            var outcome = await TrainingJob.RunAsync(tracker, new TrainingRequest
            {
                DataPath = DataFixtures.TipsPath,
                Target = "tip",
                Rounds = 25,
                Parameters = new Dictionary<string, string> { ["max_depth"] = depth },
            });
            var run = await _store.GetRunAsync(outcome.RunId, CancellationToken.None);
            await registry.CreateModelVersionAsync(new ModelVersionCreation("tips", run.Info.ArtifactUri + "/model") { RunId = outcome.RunId }, CancellationToken.None);
        }

        await registry.SetAliasAsync("tips", "champion", "1", "first", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<float[]> PredictionsOf(string version)
    {
        var source = await ModelSource.ResolveAsync($"models:/tips/{version}", _store);
        using var package = await source.LoadAsync(_store);
        var model = new ServingModel(package, "tips", version);
        using var batch = ScoringInput.ParseJson(Encoding.UTF8.GetBytes(Body), model.Schema);
        return model.Predict(batch);
    }

    [Fact]
    public async Task AliasMovesUnderLoad_EveryAnswerIsWhollyOneVersion()
    {
        var expected = new Dictionary<string, float[]> { ["1"] = await PredictionsOf("1"), ["2"] = await PredictionsOf("2") };
        Assert.NotEqual(expected["1"], expected["2"]);
        await using var server = await ModelServer.StartAsync(new ServingOptions
        {
            ModelUri = "models:/tips@champion",
            TrackingUri = _directory.SqliteUri(),
            Port = 0,
            RefreshInterval = TimeSpan.FromHours(1), // the test swaps by hand, at a moment it chooses
        });
        var host = server.Services.GetRequiredService<ModelHost>();
        using var http = new HttpClient { BaseAddress = server.Url };
        var answers = new ConcurrentBag<(HttpStatusCode Status, string? Version, float[] Predictions)>();
        using var stop = new CancellationTokenSource();
        var count = 0;
        var swapAfter = 200;
        var stopAfter = int.MaxValue;
        var beforeSwap = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterSwap = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task LoadAsync()
        {
            for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                using var content = new StringContent(Body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/invocations", content);
                var text = await response.Content.ReadAsStringAsync();
                var predictions = response.StatusCode == HttpStatusCode.OK
                    ? JsonDocument.Parse(text).RootElement.GetProperty("predictions").EnumerateArray().Select(p => (float)p.GetDouble()).ToArray()
                    : [];
                answers.Add((response.StatusCode, response.Headers.TryGetValues("X-Argus-Model-Version", out var v) ? v.Single() : null, predictions));
                var answered = Interlocked.Increment(ref count);
                if (answered >= swapAfter)
                {
                    beforeSwap.TrySetResult();
                }

                if (answered >= Volatile.Read(ref stopAfter))
                {
                    afterSwap.TrySetResult();
                }
            }
        }

        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(LoadAsync)).ToArray();
        await Task.WhenAny(beforeSwap.Task, Task.WhenAll(clients));

        await ModelRegistries.For(_store).SetAliasAsync("tips", "champion", "2", "better model", CancellationToken.None);
        Assert.True(await host.RefreshAsync(CancellationToken.None));
        Volatile.Write(ref stopAfter, Volatile.Read(ref count) + 200);
        await Task.WhenAny(afterSwap.Task, Task.WhenAll(clients));

        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Equal(expected[a.Version!], a.Predictions));
        Assert.Contains(answers, a => a.Version == "1");
        Assert.Contains(answers, a => a.Version == "2");
        Assert.Equal("2", host.Current!.Version);
        Assert.False(await host.RefreshAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ModelThatCannotLoad_ServerRefusesToStartWithTheReason()
    {
        var error = await Assert.ThrowsAsync<Argus.Core.Errors.ArgusException>(() => ModelServer.StartAsync(new ServingOptions
        {
            ModelUri = "models:/tips@nobody",
            TrackingUri = _directory.SqliteUri(),
            Port = 0,
        }));
        Assert.Equal(Argus.Core.Errors.ErrorCode.ResourceDoesNotExist, error.Code);
    }
}
