using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Pipelines.Runs;

/// <summary>The pipeline store contract on PostgreSQL (the shared throwaway cluster; a fresh database per test, each extra store its own connection pool).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPipelineStoreTests(PostgresCluster cluster) : PipelineStoreContract
{
    private string? _uri;

    protected override async Task PrepareAsync() => _uri = await cluster.CreateDatabaseAsync();

    protected override Task<ITrackingStore> OpenTrackingStoreAsync(TrackingStoreOptions options) =>
        TrackingStores.OpenAsync(_uri ?? throw new InvalidOperationException("No database"), options);
}
