using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Tracking.Sql;

/// <summary>The store contract on the embedded SQLite store (a fresh file per test).</summary>
public sealed class SqliteTrackingStoreTests : TrackingStoreContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<ITrackingStore> OpenStoreAsync() => TrackingStores.OpenAsync(_directory.SqliteUri());

    protected override Task CleanupAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
