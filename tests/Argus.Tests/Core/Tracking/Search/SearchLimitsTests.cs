using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Search;
using Argus.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Argus.Tests.Core.Tracking.Search;

/// <summary>
/// The search limits sit where SQLite's own would otherwise fail the query with a database error (a 500): at each
/// limit the store's search runs; one past it is INVALID_PARAMETER_VALUE. Before the limits, 1,200 ORed comparisons
/// hit "Expression tree is too large", 40,000 IN values "too many SQL variables", 70 order_by clauses "at most 64
/// tables in a join" and a 100,000-character LIKE pattern "LIKE or GLOB pattern too complex".
/// </summary>
public sealed class SearchLimitsTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempDirectory _directory = new("argus-search-limits");
    private ITrackingStore _store = null!;
    private string _experiment = null!;

    public async Task InitializeAsync()
    {
        _store = await TrackingStores.OpenAsync(_directory.SqliteUri());
        _experiment = await SearchFuzzer.SeedAsync(_store);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task MaxComparisonsNestedAsDeepAsAllowed_SearchRuns()
    {
        // 450 ORed metric comparisons inside 49 levels of alternating AND/OR groups: 499 comparisons, 50 deep.
        var filter = string.Join(" OR ", Enumerable.Range(0, 450).Select(i => $"metrics.m{i} > {i}"));
        for (var i = 0; i < 49; i++)
        {
            filter = $"tags.t{i} = 'x'{(i % 2 == 0 ? " AND (" : " OR (")}{filter})";
        }

        filter = $"params.lr = '0.01' OR ({filter})";

        var page = await _store.SearchRunsAsync(new RunSearch { ExperimentIds = [_experiment], Filter = filter, OrderBy = ["metrics.rmse DESC"] }, Ct);
        var experiments = await _store.SearchExperimentsAsync(new ExperimentSearch { Filter = string.Join(" OR ", Enumerable.Range(0, 500).Select(i => $"tags.t{i} = 'x'")) }, Ct);

        Assert.Single(page.Items);
        Assert.Empty(experiments.Items);
    }

    [Fact]
    public async Task OneComparisonPastTheLimit_InvalidParameterNotADatabaseError()
    {
        var filter = string.Join(" OR ", Enumerable.Range(0, SearchParser.MaxComparisons + 1).Select(i => $"tags.t{i} = 'x'"));

        await AssertRefusedAsync(() => _store.SearchRunsAsync(new RunSearch { ExperimentIds = [_experiment], Filter = filter }, Ct));
        await AssertRefusedAsync(() => _store.SearchExperimentsAsync(new ExperimentSearch { Filter = filter }, Ct));
        await AssertRefusedAsync(() => ModelRegistries.For(_store).SearchRegisteredModelsAsync(new RegisteredModelSearch { Filter = filter }, Ct));
        await AssertRefusedAsync(() => ModelRegistries.For(_store).SearchModelVersionsAsync(new ModelVersionSearch { Filter = filter }, Ct));
    }

    [Fact]
    public async Task MaxListValues_SearchRunsOneMoreIsRefused()
    {
        string List(int n) => string.Join(",", Enumerable.Range(0, n).Select(i => $"'r{i}'"));

        var page = await _store.SearchRunsAsync(new RunSearch { ExperimentIds = [_experiment], Filter = $"attributes.run_id NOT IN ({List(SearchParser.MaxListValues)})" }, Ct);

        Assert.Equal(2, page.Items.Count);
        await AssertRefusedAsync(() => _store.SearchRunsAsync(new RunSearch { ExperimentIds = [_experiment], Filter = $"attributes.run_id IN ({List(SearchParser.MaxListValues + 1)})" }, Ct));
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("params")]
    public async Task MaxOrderByClausesEachAJoin_SearchRunsOneMoreIsRefused(string type)
    {
        List<string> OrderBy(int n) => [.. Enumerable.Range(0, n).Select(i => $"{type}.k{i}")];

        var page = await _store.SearchRunsAsync(new RunSearch { ExperimentIds = [_experiment], OrderBy = OrderBy(SearchParser.MaxOrderByClauses) }, Ct);

        Assert.Equal(2, page.Items.Count);
        await AssertRefusedAsync(() => _store.SearchRunsAsync(new RunSearch { ExperimentIds = [_experiment], OrderBy = OrderBy(SearchParser.MaxOrderByClauses + 1) }, Ct));
    }

    [Fact]
    public async Task LikePatternAtTheLimit_SearchRunsOneCharacterMoreIsRefused()
    {
        var pattern = "%" + new string('é', SqlFilterContext.MaxLikePatternLength - 1);

        var page = await _store.SearchRunsAsync(new RunSearch { ExperimentIds = [_experiment], Filter = $"params.model LIKE '{pattern}'" }, Ct);

        Assert.Empty(page.Items);
        await AssertRefusedAsync(() => _store.SearchRunsAsync(new RunSearch { ExperimentIds = [_experiment], Filter = $"tags.team ILIKE '{pattern}x'" }, Ct));
        await AssertRefusedAsync(() => _store.SearchExperimentsAsync(new ExperimentSearch { Filter = $"name LIKE '{pattern}x'" }, Ct));
    }

    private static async Task AssertRefusedAsync(Func<Task> search)
    {
        var e = await Assert.ThrowsAsync<ArgusException>(search);
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }
}
