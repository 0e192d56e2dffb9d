using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Alerts;

/// <summary>The alert store contract on PostgreSQL (a throwaway cluster; a fresh database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAlertStoreTests(PostgresCluster cluster) : AlertStoreContract
{
    protected override async Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options) =>
        await TrackingStores.OpenAsync(await cluster.CreateDatabaseAsync(), options);
}
