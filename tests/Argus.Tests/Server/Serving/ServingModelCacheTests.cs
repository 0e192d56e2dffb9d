using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Server.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace Argus.Tests.Server.Serving;

/// <summary>
/// The predict endpoints' cache of loaded versions, with a loader the test holds back or fails at will: concurrent
/// first calls share one load, a failed load is forgotten, the least recently used version goes first, and a caller
/// that stops waiting does not stop the load others share.
/// </summary>
public sealed class ServingModelCacheTests(ServedTipsModel served) : IClassFixture<ServedTipsModel>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task GetAsync_ConcurrentFirstCalls_ShareOneLoad()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var cache = Cache(8, async (version, _) =>
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return Load(version);
        });

        var waiting = Enumerable.Range(0, 5).Select(_ => cache.GetAsync(Version("1"), Ct)).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        release.SetResult();
        var models = await Task.WhenAll(waiting);

        Assert.Equal(1, calls);
        Assert.Equal(1, cache.Loads);
        Assert.All(models, m => Assert.Same(models[0], m));
        Assert.Same(models[0], await cache.GetAsync(Version("1"), Ct));
        Assert.Equal(1, cache.Loads);
    }

    [Fact]
    public async Task GetAsync_LoadFailed_NotKeptAndTheNextCallLoadsAgain()
    {
        var calls = 0;
        var cache = Cache(8, (version, _) => Interlocked.Increment(ref calls) == 1
            ? Task.FromException<ServingModel>(ArgusException.NotFound("not a package"))
            : Task.FromResult(Load(version)));

        var failure = await Assert.ThrowsAsync<ArgusException>(() => cache.GetAsync(Version("1"), Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, failure.Code);
        Assert.Equal(0, cache.Count);

        var model = await cache.GetAsync(Version("1"), Ct);
        Assert.Equal("1", model.Version);
        Assert.Equal(2, cache.Loads);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task GetAsync_BeyondCapacity_EvictsTheLeastRecentlyUsed()
    {
        var cache = Cache(2, (version, _) => Task.FromResult(Load(version)));
        var one = await cache.GetAsync(Version("1"), Ct);
        await cache.GetAsync(Version("2"), Ct);
        Assert.Same(one, await cache.GetAsync(Version("1"), Ct)); // 1 is now the most recently used
        await cache.GetAsync(Version("3"), Ct); // evicts 2
        Assert.Equal(3, cache.Loads);
        Assert.Equal(2, cache.Count);

        Assert.Same(one, await cache.GetAsync(Version("1"), Ct));
        Assert.Equal(3, cache.Loads);
        await cache.GetAsync(Version("2"), Ct);
        Assert.Equal(4, cache.Loads);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task GetAsync_CallerStopsWaiting_TheSharedLoadCarriesOn()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken loadToken = default;
        var cache = Cache(8, async (version, cancellationToken) =>
        {
            loadToken = cancellationToken;
            await release.Task;
            return Load(version);
        });
        using var leaving = new CancellationTokenSource();

        var gone = cache.GetAsync(Version("1"), leaving.Token);
        var staying = cache.GetAsync(Version("1"), Ct);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        release.SetResult();

        Assert.Equal("1", (await staying).Version);
        Assert.False(loadToken.IsCancellationRequested);
        Assert.Equal(1, cache.Loads);
    }

    [Fact]
    public async Task GetAsync_SameNumberFromAnotherSource_IsAnotherModel()
    {
        var cache = Cache(8, (version, _) => Task.FromResult(Load(version)));
        var first = await cache.GetAsync(Version("1", "mlflow-artifacts:/1/a/artifacts/model"), Ct);
        var other = await cache.GetAsync(Version("1", "mlflow-artifacts:/1/b/artifacts/model"), Ct);

        Assert.NotSame(first, other);
        Assert.Equal(2, cache.Loads);
    }

    private static ServingModelCache Cache(int capacity, Func<ModelVersion, CancellationToken, Task<ServingModel>> load) =>
        new(capacity, load, Ct, NullLogger.Instance);

    private static ModelVersion Version(string version, string source = "mlflow-artifacts:/1/run/artifacts/model") =>
        new("tips", version, 0, 0, null, "None", null, source, null, "READY", null, [], null, []);

    private ServingModel Load(ModelVersion version) => new(served.Package, version.Name, version.Version);
}
