using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Tracking.Sql;

/// <summary>The store contract on PostgreSQL (a throwaway cluster; a fresh database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTrackingStoreTests(PostgresCluster cluster) : TrackingStoreContract
{
    protected override async Task<ITrackingStore> OpenStoreAsync() =>
        await TrackingStores.OpenAsync(await cluster.CreateDatabaseAsync());
}
