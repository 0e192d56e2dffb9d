using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Argus.Tests.Core.Pipelines.Runs;

/// <summary>The pipeline store contract on the embedded SQLite store (a fresh file per test; each extra store is another instance on it).</summary>
public sealed class SqlitePipelineStoreTests : PipelineStoreContract
{
    private readonly TempDirectory _directory = new();

    protected override Task PrepareAsync() => Task.CompletedTask;

    protected override Task<ITrackingStore> OpenTrackingStoreAsync(TrackingStoreOptions options) => TrackingStores.OpenAsync(_directory.SqliteUri(), options);

    protected override Task CleanupAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
