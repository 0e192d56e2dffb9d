using System.Text;
using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Argus.Tests.Core.Tracking.Sql;

/// <summary>
/// The embedded store under the failures users meet: a server killed mid-write, and another
/// process writing to the same database file at the same time.
/// </summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static StringContent Batch(string runId, int first, int count)
    {
        var json = new StringBuilder($"{{\"run_id\":\"{runId}\",\"metrics\":[");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append($"{{\"key\":\"loss\",\"value\":{first + i}.5,\"timestamp\":{first + i},\"step\":{first + i}}}");
        }

        return new StringContent(json.Append("]}").ToString(), Encoding.UTF8, "application/json");
    }

    [Fact]
    public async Task ServerKilledMidWrite_EveryAcknowledgedBatchSurvivesAndDatabaseIsIntact()
    {
        var uri = _directory.SqliteUri();
        string runId;
        await using (var setup = await TrackingStores.OpenAsync(uri))
        {
            runId = (await setup.CreateRunAsync(new RunCreation(), CancellationToken.None)).Info.RunId;
        }

        var server = await ArgusProcess.StartServerAsync(uri, _directory.Combine("artifacts"));
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        var acknowledged = 0;
        const int batchSize = 200;
        var enoughWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Writers keep sending while the server is killed; only batches answered 200 count.
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var b = w; b < 10_000 && !stop.IsCancellationRequested; b += 2)
            {
                try
                {
                    using var response = await http.PostAsync("api/2.0/mlflow/runs/log-batch", Batch(runId, b * batchSize, batchSize));
                    if (response.IsSuccessStatusCode && Interlocked.Increment(ref acknowledged) == 40)
                    {
                        enoughWritten.TrySetResult();
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the server is gone
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        })).ToArray();

        await enoughWritten.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await server.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await server.DisposeAsync();

        await using (var connection = new SqliteConnection($"Data Source={TrackingStores.SqlitePathOf(uri)}"))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
        }

        await using var store = await TrackingStores.OpenAsync(uri);
        var history = await store.GetMetricHistoryAsync(runId, "loss", null, null, CancellationToken.None);
        Assert.True(history.Items.Count >= acknowledged * batchSize, $"{history.Items.Count} points stored, {acknowledged * batchSize} acknowledged");
        Assert.Equal(0, history.Items.Count % batchSize); // batches are atomic: none half-written
        var latest = (await store.GetRunAsync(runId, CancellationToken.None)).Data.Metrics.Single();
        Assert.Equal(history.Items.Max(m => m.Step), latest.Step);

        // The store keeps working after recovery.
        await store.LogMetricAsync(runId, new Metric("after", 1, 1, 0), CancellationToken.None);
    }

    [Fact]
    public async Task TwoProcessesWritingOneFile_NoBusyErrorsAndEveryPointStored()
    {
        var uri = _directory.SqliteUri();
        await using var store = await TrackingStores.OpenAsync(uri);
        var local = (await store.CreateRunAsync(new RunCreation(), CancellationToken.None)).Info.RunId;
        var remote = (await store.CreateRunAsync(new RunCreation(), CancellationToken.None)).Info.RunId;
        await using var server = await ArgusProcess.StartServerAsync(uri, _directory.Combine("artifacts"));
        using var http = new HttpClient { BaseAddress = server.Url };

        var viaServer = Task.Run(async () =>
        {
            for (var b = 0; b < 40; b++)
            {
                using var response = await http.PostAsync("api/2.0/mlflow/runs/log-batch", Batch(remote, b * 250, 250));
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
        });
        var direct = Task.Run(async () =>
        {
            for (var b = 0; b < 40; b++)
            {
                var points = Enumerable.Range(b * 250, 250).Select(i => new Metric("loss", i, i, i)).ToList();
                await store.LogBatchAsync(local, points, [], [], CancellationToken.None);
            }
        });
        await Task.WhenAll(viaServer, direct);

        Assert.Equal(10_000, (await store.GetMetricHistoryAsync(local, "loss", null, null, CancellationToken.None)).Items.Count);
        Assert.Equal(10_000, (await store.GetMetricHistoryAsync(remote, "loss", null, null, CancellationToken.None)).Items.Count);
    }
}
