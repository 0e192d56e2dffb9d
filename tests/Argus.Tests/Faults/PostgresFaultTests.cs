using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Argus.Core.Tracking;
using Argus.Tests.Deploy;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Faults;

/// <summary>
/// A real <c>argus server</c> process on a PostgreSQL cluster of the test's own, under the failures of a team
/// deployment: the server killed (SIGKILL) during bursts of log-batch requests, and PostgreSQL restarted under load.
/// Every write the server acknowledged must be stored, batches whole or not at all.
/// </summary>
public sealed class PostgresFaultTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>, IDisposable
{
    private const int BatchSize = 100;

    private readonly TempDirectory _directory = new("argus-pg-faults");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ServerKilledDuringLogBatchBursts_EveryAcknowledgedBatchStoredWhole()
    {
        var uri = await cluster.CreateDatabaseAsync();
        var runId = await NewRunAsync(uri);
        var server = await ArgusProcess.StartServerAsync(uri, _directory.Combine("artifacts"));
        var acknowledged = new ConcurrentBag<int>();
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var b = w; b < 100_000; b += 4)
            {
                try
                {
                    using var response = await http.PostAsync("api/2.0/mlflow/runs/log-batch", Batch(runId, b));
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add(b);
                        if (acknowledged.Count >= 60)
                        {
                            enough.TrySetResult();
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return; // the server is gone
                }
            }
        })).ToArray();

        await enough.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await server.KillAsync();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        await server.DisposeAsync();

        await using var store = await TrackingStores.OpenAsync(uri);
        var steps = (await store.GetMetricHistoryAsync(runId, "loss", null, null, CancellationToken.None)).Items.Select(m => m.Step).ToHashSet();
        foreach (var batch in acknowledged)
        {
            Assert.True(Enumerable.Range(batch * BatchSize, BatchSize).All(s => steps.Contains(s)), $"acknowledged batch {batch} is not stored whole");
        }

        // Whole batches only: the one the kill interrupted is there entirely or not at all.
        Assert.True(steps.GroupBy(s => s / BatchSize).All(g => g.Count() == BatchSize), "a batch was stored in part");
        await store.LogMetricAsync(runId, new Metric("after", 1, 1, 0), CancellationToken.None);
    }

    [Fact]
    public async Task PostgresRestartedUnderLoad_RequestsFailWith503ThenRecoverWithoutRestartingArgus()
    {
        var uri = await cluster.CreateDatabaseAsync();
        var runId = await NewRunAsync(uri);
        await using var server = await ArgusProcess.StartServerAsync(uri, _directory.Combine("artifacts"));
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
        var acknowledged = new ConcurrentBag<int>();
        var failures = new ConcurrentBag<(int Status, string Body, string? RetryAfter)>();
        var next = -1;
        using var stop = new CancellationTokenSource();

        async Task SendAsync(int batch)
        {
            using var response = await http.PostAsync("api/2.0/mlflow/runs/log-batch", Batch(runId, batch));
            if (response.IsSuccessStatusCode)
            {
                acknowledged.Add(batch);
            }
            else
            {
                failures.Add(((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.ToString()));
            }
        }

        var writers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await SendAsync(Interlocked.Increment(ref next));
                await Task.Yield();
            }
        })).ToArray();

        await Poll.UntilAsync("writes are acknowledged before the restart", TimeSpan.FromSeconds(60), () => Task.FromResult((acknowledged.Count >= 20, $"{acknowledged.Count} acknowledged")));
        await cluster.StopAsync();
        try
        {
            await Poll.UntilAsync("requests fail while PostgreSQL is down", TimeSpan.FromSeconds(60), () => Task.FromResult((failures.Count >= 10, $"{failures.Count} failed")));
        }
        finally
        {
            await cluster.StartAsync();
        }

        var before = acknowledged.Count;
        await Poll.UntilAsync("writes are acknowledged again after the restart", TimeSpan.FromSeconds(60),
            () => Task.FromResult((acknowledged.Count >= before + 20, $"{acknowledged.Count - before} acknowledged since")));
        await stop.CancelAsync();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));

        // Clean failures: MLflow's 503 with a JSON body a client can act on, never a dropped connection or a stack trace.
        Assert.All(failures, f =>
        {
            Assert.Equal(503, f.Status);
            Assert.Equal("1", f.RetryAfter);
            using var json = JsonDocument.Parse(f.Body);
            Assert.Equal("TEMPORARILY_UNAVAILABLE", json.RootElement.GetProperty("error_code").GetString());
            Assert.DoesNotContain("   at ", f.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", f.Body, StringComparison.Ordinal);
        });

        // Nothing acknowledged was lost, and every batch is whole.
        await using var store = await TrackingStores.OpenAsync(uri);
        var steps = (await store.GetMetricHistoryAsync(runId, "loss", null, null, CancellationToken.None)).Items.Select(m => m.Step).ToHashSet();
        Assert.All(acknowledged, batch => Assert.True(Enumerable.Range(batch * BatchSize, BatchSize).All(s => steps.Contains(s)), $"acknowledged batch {batch} is missing"));
        Assert.True(steps.GroupBy(s => s / BatchSize).All(g => g.Count() == BatchSize), "a batch was stored in part");
    }

    private static async Task<string> NewRunAsync(string uri)
    {
        await using var store = await TrackingStores.OpenAsync(uri);
        return (await store.CreateRunAsync(new RunCreation(), CancellationToken.None)).Info.RunId;
    }

    private static StringContent Batch(string runId, int batch)
    {
        var json = new StringBuilder($"{{\"run_id\":\"{runId}\",\"metrics\":[");
        for (var i = 0; i < BatchSize; i++)
        {
            var step = (batch * BatchSize) + i;
            json.Append(i == 0 ? "" : ",").Append($"{{\"key\":\"loss\",\"value\":{step}.5,\"timestamp\":{step},\"step\":{step}}}");
        }

        return new StringContent(json.Append("]}").ToString(), Encoding.UTF8, "application/json");
    }
}
