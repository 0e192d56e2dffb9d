using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Registry;

/// <summary>The registry contract on the embedded SQLite store (a fresh file per test; each extra store is another instance on it).</summary>
public sealed class SqliteRegistryTests(ITestOutputHelper output) : RegistryContract
{
    private readonly TempDirectory _directory = new();

    protected override ITestOutputHelper Output => output;

    protected override Task PrepareAsync() => Task.CompletedTask;

    protected override Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options) => TrackingStores.OpenAsync(_directory.SqliteUri(), options);

    protected override Task CleanupAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
