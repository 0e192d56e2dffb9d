using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Http;
using Argus.Core.Tracking.Sql;

namespace Argus.Core.Registry;

/// <summary>
/// The model registry of a tracking store: the SQL stores and the HTTP client hold both, so a registry
/// is reached through the store opened from a tracking URI (<see cref="TrackingStores.OpenAsync"/>).
/// </summary>
public static class ModelRegistries
{
    /// <summary>The registry of <paramref name="store"/>, recording its <see cref="TrackingStoreOptions.UserId"/> as the author of changes.</summary>
    /// <exception cref="ArgusException">NOT_IMPLEMENTED when the store has no registry.</exception>
    public static IModelRegistry For(ITrackingStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store as IModelRegistry
            ?? throw new ArgusException(ErrorCode.NotImplemented,
                $"The tracking store at {store.DisplayUri} ({store.GetType().Name}) has no model registry. Use a sqlite:///, postgresql:// or http(s):// tracking URI.");
    }

    /// <summary>
    /// The registry of <paramref name="store"/> acting for <paramref name="userId"/> (null: an unknown
    /// user): what it writes names that user. The server uses this for each request's caller.
    /// </summary>
    public static IModelRegistry ActingAs(ITrackingStore store, string? userId)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store switch
        {
            SqlTrackingStore sql => sql.ActingAs(userId),
            HttpTrackingStore http => http.ActingAs(userId),
            _ => For(store),
        };
    }
}
