using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Tracking;
using Argus.Tests.Core.Inference;

namespace Argus.Tests.Core.Pipelines.Runs;

/// <summary>
/// What every pipeline store must do, whatever backs it (SQLite, PostgreSQL, an Argus server through the HTTP client):
/// round trips, no overlap, one claim per tick, abandoned runs failed, logs in order. <see cref="OpenStoreAsync"/> opens
/// more stores on the same data, as separate processes or servers would.
/// </summary>
public abstract partial class PipelineStoreContract : IAsyncLifetime
{
    /// <summary>A whole-millisecond time: the stores keep milliseconds.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, 125, TimeSpan.Zero);

    private readonly List<ITrackingStore> _stores = [];
    private IPipelineStore? _store;

    protected IPipelineStore Store => _store ?? throw new InvalidOperationException("Store not open");

    /// <summary>The clock of the database stores (an HTTP store's server keeps its own).</summary>
    protected ManualTimeProvider Clock { get; } = new(T0);

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>Creates the database or starts the server the stores open.</summary>
    protected abstract Task PrepareAsync();

    /// <summary>Opens one more tracking store on the prepared database or server.</summary>
    protected abstract Task<ITrackingStore> OpenTrackingStoreAsync(TrackingStoreOptions options);

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        _store = await OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await CleanupAsync();
    }

    /// <summary>A pipeline store over its own store instance (its own connections) on the same data.</summary>
    protected async Task<IPipelineStore> OpenStoreAsync()
    {
        var store = await OpenTrackingStoreAsync(new TrackingStoreOptions { TimeProvider = Clock });
        _stores.Add(store);
        return PipelineStores.For(store);
    }

    protected static string Unique(string prefix = "pipe") => $"{prefix}-{Guid.NewGuid():N}";

    protected static async Task<ArgusException> Throws(Func<Task> action, ErrorCode code)
    {
        var e = await Assert.ThrowsAsync<ArgusException>(action);
        Assert.Equal(code, e.Code);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        return e;
    }

    /// <summary>A new run as a runner records it: running, every step pending.</summary>
    protected static PipelineRun NewRun(string pipeline, DateTimeOffset? start = null, params string[] steps) => new()
    {
        RunId = string.Empty,
        Pipeline = pipeline,
        State = PipelineRunState.Running,
        Trigger = PipelineTrigger.Manual,
        StartTime = start ?? T0,
        Heartbeat = start ?? T0,
        Owner = "build-7:4242",
        Parameters = new Dictionary<string, string> { ["rows"] = "1000" },
        Definition = $"name: {pipeline}\nsteps:\n  train:\n    kind: command\n",
        Steps = steps.Select(s => new StepRun { Step = s, Kind = "command", State = StepState.Pending }).ToList(),
    };

    protected Task<PipelineRun> StartAsync(string pipeline, DateTimeOffset? start = null, params string[] steps) =>
        Store.StartRunAsync(NewRun(pipeline, start, steps), Ct);

    /// <summary>Every run the query matches, page by page.</summary>
    protected async Task<List<PipelineRun>> AllRunsAsync(PipelineRunQuery query)
    {
        var runs = new List<PipelineRun>();
        string? token = null;
        do
        {
            var page = await Store.SearchRunsAsync(query with { PageToken = token }, Ct);
            runs.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);

        return runs;
    }

    protected static void AssertSameStep(StepRun expected, StepRun actual)
    {
        Assert.Equal(expected.Step, actual.Step);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.Attempts, actual.Attempts);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.EndTime, actual.EndTime);
        Assert.Equal(expected.Outputs.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Outputs.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Error, actual.Error);
    }
}
