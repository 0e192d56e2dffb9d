using Argus.Core.Tracking;
using Argus.Core.Tracking.Sql;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Tracking.Search;

/// <summary>The same fuzzing of searches on PostgreSQL (a throwaway cluster; a database of its own).</summary>
[Trait("Category", Fuzz.Category)]
[Collection(PostgresCollection.Name)]
public sealed class SearchFilterPostgresFuzzTests(PostgresCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task GeneratedFilters_OnPostgres_SearchOrAreRefusedAsInvalid()
    {
        await using var store = await TrackingStores.OpenAsync(await cluster.CreateDatabaseAsync());
        var experiment = await SearchFuzzer.SeedAsync(store);

        var seed = Fuzz.Seed(20_253);
        var (searched, refused) = await SearchFuzzer.RunAsync(store, SqlDialect.Postgres, experiment, seed, Fuzz.Iterations(400));

        output.WriteLine(Fuzz.Summary(seed, searched + refused, searched, "searched"));
        // Both outcomes are reached: inputs get through to the database, and broken ones are refused.
        Assert.InRange(searched, 1 + (searched + refused) / 5, searched + refused);
        Assert.InRange(refused, 1 + (searched + refused) / 5, searched + refused);
    }
}
