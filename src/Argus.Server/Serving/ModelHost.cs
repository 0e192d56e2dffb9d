using Argus.Core.Tracking;
using Argus.Server.Hosting;
using Argus.XGBoost.Models;

namespace Argus.Server.Serving;

/// <summary>
/// Holds the model being served and keeps it current: a URI that can move (an alias, a stage, "latest") is
/// resolved again every <see cref="ServingOptions.RefreshInterval"/>; a new version is loaded in the background
/// and swapped in with one reference write, so every request is answered wholly by the old version or wholly
/// by the new one, and none fails during the swap. A version that fails to load is logged and the current one
/// keeps serving. Inside <c>argus server</c> packages are read through the server's artifact storage, so proxied
/// (<c>mlflow-artifacts:/</c>) models load from its destination, local or S3.
/// </summary>
internal sealed partial class ModelHost(ServingOptions options, ITrackingStore store, ILogger<ModelHost> logger, ArtifactStorage? storage = null) : BackgroundService
{
    private ServingModel? _current;

    /// <summary>The model answering now; null until the first load succeeded.</summary>
    public ServingModel? Current => Volatile.Read(ref _current);

    /// <summary>Whether the URI names something that can move to another version.</summary>
    public bool Follows { get; } = options.ModelUri.StartsWith("models:/", StringComparison.Ordinal)
        && (options.ModelUri.Contains('@', StringComparison.Ordinal) || !long.TryParse(options.ModelUri[(options.ModelUri.LastIndexOf('/') + 1)..], out _));

    /// <summary>Loads the model once (startup fails if it cannot be loaded).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var source = await ModelSource.ResolveAsync(options.ModelUri, store, cancellationToken).ConfigureAwait(false);
        Swap(await LoadAsync(source, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Looks the URI up again and swaps in a new version if it moved; returns whether it swapped.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var source = await ModelSource.ResolveAsync(options.ModelUri, store, cancellationToken).ConfigureAwait(false);
        var current = Current;
        if (current is not null && source.Name == current.Name && source.Version == current.Version)
        {
            return false;
        }

        Swap(await LoadAsync(source, cancellationToken).ConfigureAwait(false));
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Follows)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.RefreshInterval, options.TimeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RefreshFailed(logger, options.ModelUri, e.Message);
            }
        }
    }

    private async Task<ServingModel> LoadAsync(ModelSource source, CancellationToken cancellationToken)
    {
        using var package = storage is null
            ? await source.LoadAsync(store, cancellationToken).ConfigureAwait(false)
            : await ModelPackage.LoadAsync(storage.For(source.ArtifactUri), string.Empty, cancellationToken).ConfigureAwait(false);
        return new ServingModel(package, source.Name ?? Path.GetFileName(source.ArtifactUri.TrimEnd('/')), source.Version ?? "0");
    }

    private void Swap(ServingModel next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        Swapped(logger, next.Name, next.Version, previous?.Version ?? "none");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving {Model} version {Version} (was {Previous})")]
    private static partial void Swapped(ILogger logger, string model, string version, string previous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh {Uri}; the current version keeps serving: {Reason}")]
    private static partial void RefreshFailed(ILogger logger, string uri, string reason);
}
