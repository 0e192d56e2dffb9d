using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Registry;

/// <summary>The registry contract on PostgreSQL (the shared throwaway cluster; a fresh database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRegistryTests(PostgresCluster cluster, ITestOutputHelper output) : RegistryContract
{
    private string? _uri;

    protected override ITestOutputHelper Output => output;

    protected override async Task PrepareAsync() => _uri = await cluster.CreateDatabaseAsync();

    protected override Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options) =>
        TrackingStores.OpenAsync(_uri ?? throw new InvalidOperationException("No database"), options);
}
