using Argus.Core.Tracking;
using Argus.Core.Tracking.Sql;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;
using Microsoft.Data.Sqlite;

namespace Argus.Tests.Core.Tracking.Search;

/// <summary>
/// Fuzzes the search grammar of runs, experiments, registered models and model versions on SQLite
/// (<see cref="SearchFuzzer"/>): every generated filter and order_by either searches or is refused with
/// INVALID_PARAMETER_VALUE, and no user text reaches the SQL text.
/// </summary>
[Trait("Category", Fuzz.Category)]
public sealed class SearchFilterFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new("argus-search-fuzz");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task GeneratedFilters_OnSqlite_SearchOrAreRefusedAsInvalid()
    {
        await using var store = await TrackingStores.OpenAsync(_directory.SqliteUri());
        var experiment = await SearchFuzzer.SeedAsync(store);

        var seed = Fuzz.Seed(20_251);
        var (searched, refused) = await SearchFuzzer.RunAsync(store, SqlDialect.Sqlite, experiment, seed, Fuzz.Iterations(1_000));

        output.WriteLine(Fuzz.Summary(seed, searched + refused, searched, "searched"));
        // Both outcomes are reached: inputs get through to the database, and broken ones are refused.
        Assert.InRange(searched, 1 + (searched + refused) / 5, searched + refused);
        Assert.InRange(refused, 1 + (searched + refused) / 5, searched + refused);
    }
}
