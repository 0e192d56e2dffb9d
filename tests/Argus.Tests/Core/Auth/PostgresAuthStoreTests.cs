using Argus.Core.Tracking;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Auth;

/// <summary>The auth store contract on PostgreSQL (a throwaway cluster; a fresh database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAuthStoreTests(PostgresCluster cluster) : AuthStoreContract
{
    protected override async Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options) =>
        await TrackingStores.OpenAsync(await cluster.CreateDatabaseAsync(), options);
}
