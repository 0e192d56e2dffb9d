using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Auth;

/// <summary>The auth store contract on the embedded SQLite store (a fresh file per test).</summary>
public sealed class SqliteAuthStoreTests : AuthStoreContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options) => TrackingStores.OpenAsync(_directory.SqliteUri(), options);

    protected override Task CleanupAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
