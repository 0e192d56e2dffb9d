using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Core.Auth;

/// <summary>The auth store of a tracking store: the database stores (SQLite, PostgreSQL) hold one.</summary>
public static class AuthStores
{
    /// <exception cref="ArgusException">NOT_IMPLEMENTED when the store keeps no users (an HTTP store: use its REST API).</exception>
    public static IAuthStore For(ITrackingStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store as IAuthStore
            ?? throw new ArgusException(ErrorCode.NotImplemented,
                $"The tracking store at {store.DisplayUri} ({store.GetType().Name}) keeps no users. Use a sqlite:/// or postgresql:// tracking URI.");
    }
}
