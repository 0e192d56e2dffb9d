using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Core.Alerts;

/// <summary>The alert store of a tracking store: the database stores (SQLite, PostgreSQL) hold one.</summary>
public static class AlertStores
{
    /// <summary>The alert store of <paramref name="store"/>.</summary>
    /// <exception cref="ArgusException">NOT_IMPLEMENTED when the store keeps no alerts (an HTTP store).</exception>
    public static IAlertStore For(ITrackingStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store as IAlertStore
            ?? throw new ArgusException(ErrorCode.NotImplemented,
                $"The tracking store at {store.DisplayUri} ({store.GetType().Name}) keeps no alerts. Use a sqlite:/// or postgresql:// tracking URI.");
    }
}
