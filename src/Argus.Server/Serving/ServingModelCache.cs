using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Server.Hosting;
using Argus.XGBoost.Models;

namespace Argus.Server.Serving;

/// <summary>
/// The model versions the tracking server has loaded to answer its predict endpoints, keyed by name, version and
/// source: at most <see cref="Capacity"/> of them, the least recently used evicted first. A registered version never
/// changes (versions are never renumbered, and the source is part of the key), so an entry never goes stale; an alias
/// is resolved to a version by the caller on every request, since aliases move. Concurrent first requests for one
/// version share a single load; a load that fails is not kept, so the next request tries again.
/// </summary>
internal sealed class ServingModelCache
{
    /// <summary>How many loaded versions are kept by default.</summary>
    public const int DefaultCapacity = 8;

    private readonly Func<ModelVersion, CancellationToken, Task<ServingModel>> _load;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _entries = [];

    // Most recently used first.
    private readonly LinkedList<Entry> _recency = new();
    private long _loads;

    /// <summary>The cache the server registers: packages are read from the registry's sources through the server's artifact storage.</summary>
    public ServingModelCache(ITrackingStore store, ArtifactStorage storage, IHostApplicationLifetime lifetime, ILogger<ServingModelCache> logger)
        : this(DefaultCapacity, (version, cancellationToken) => LoadAsync(store, storage, version, cancellationToken), lifetime.ApplicationStopping, logger)
    {
    }

    /// <summary>A cache of <paramref name="capacity"/> versions loaded by <paramref name="load"/>.</summary>
    internal ServingModelCache(int capacity, Func<ModelVersion, CancellationToken, Task<ServingModel>> load, CancellationToken stopping, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _load = load;
        _stopping = stopping;
        _logger = logger;
    }

    public int Capacity { get; }

    /// <summary>How many loads were started since the server started (a load shared by concurrent requests counts once).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>How many versions are held now, loaded or loading.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The loaded model of <paramref name="version"/>: from the cache, else loaded once for every concurrent caller.
    /// <paramref name="cancellationToken"/> stops this caller's wait, not a load other callers may share.
    /// </summary>
    public Task<ServingModel> GetAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var key = new Key(version.Name, version.Version, version.Source);
        TaskCompletionSource<ServingModel>? loading = null;
        Key? evicted = null;
        Task<ServingModel> model;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                model = node.Value.Model;
            }
            else
            {
                loading = new TaskCompletionSource<ServingModel>(TaskCreationOptions.RunContinuationsAsynchronously);
                model = loading.Task;
                _entries[key] = _recency.AddFirst(new Entry(key, model));
                _loads++;
                if (_entries.Count > Capacity)
                {
                    evicted = _recency.Last!.Value.Key;
                    _recency.RemoveLast();
                    _entries.Remove(evicted.Value);
                }
            }
        }

        if (evicted is { } gone)
        {
            ServerLog.PredictModelEvicted(_logger, gone.Name, gone.Version);
        }

        if (loading is not null)
        {
            _ = FillAsync(key, version, loading);
        }

        return model.WaitAsync(cancellationToken);
    }

    private async Task FillAsync(Key key, ModelVersion version, TaskCompletionSource<ServingModel> loading)
    {
        try
        {
            var model = await _load(version, _stopping).ConfigureAwait(false);
            ServerLog.PredictModelLoaded(_logger, version.Name, version.Version);
            loading.SetResult(model);
        }
        catch (Exception e)
        {
            // Forget the failed load before anyone sees it fail, so a retry loads again.
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var node) && node.Value.Model == loading.Task)
                {
                    _recency.Remove(node);
                    _entries.Remove(key);
                }
            }

            loading.SetException(e);
        }
    }

    /// <summary>Reads the package a version was created from (a run's artifact folder, proxied or not, or <c>runs:/…</c>).</summary>
    private static async Task<ServingModel> LoadAsync(ITrackingStore store, ArtifactStorage storage, ModelVersion version, CancellationToken cancellationToken)
    {
        var uri = version.Source;
        if (uri.StartsWith("runs:/", StringComparison.Ordinal) || uri.StartsWith("models:/", StringComparison.Ordinal))
        {
            uri = (await ModelSource.ResolveAsync(uri, store, cancellationToken).ConfigureAwait(false)).ArtifactUri;
        }

        // Named by the registered source in errors: the repository's root would be a directory of this server.
        using var package = await ModelPackage.LoadAsync(storage.For(uri), string.Empty, version.Source, cancellationToken).ConfigureAwait(false);
        return new ServingModel(package, version.Name, version.Version);
    }

    private readonly record struct Key(string Name, string Version, string Source);

    private sealed record Entry(Key Key, Task<ServingModel> Model);
}
