using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Models;
using Argus.XGBoost.Training;

namespace Argus.Tests.XGBoost.Models;

/// <summary>
/// Champion/challenger promotion on a real database: promoters racing with different candidates, each with its own
/// store, end with exactly one champion — the best candidate on the evaluation data — and an unbroken alias history.
/// </summary>
public abstract class ModelPromotionContract : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempDirectory _directory = new("argus-promotion");

    protected TrackingStoreOptions StoreOptions(string user) => new()
    {
        DefaultArtifactRoot = new Uri(_directory.Combine("artifacts")).AbsoluteUri,
        UserId = user,
    };

    protected TempDirectory Directory => _directory;

    protected abstract Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ParallelPromoters_OneChampionTheBestAndOneChain()
    {
        await using (var setup = await OpenStoreAsync(StoreOptions("setup")))
        await using (var tracker = Tracker.For(setup))
        {
            await ModelRegistries.For(setup).CreateRegisteredModelAsync("tips", null, [], Ct);
            foreach (var (depth, rounds) in new[] { ("1", "5"), ("2", "15"), ("3", "40"), ("4", "80"), ("6", "120") })
            {
                var outcome = await TrainingJob.RunAsync(tracker, new TrainingRequest
                {
                    DataPath = DataFixtures.TipsPath,
                    Target = "tip",
                    Rounds = int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture),
                    EarlyStoppingRounds = null,
                    Parameters = new Dictionary<string, string> { ["max_depth"] = depth },
                });
                var run = await setup.GetRunAsync(outcome.RunId, Ct);
                await ModelRegistries.For(setup).CreateModelVersionAsync(new ModelVersionCreation("tips", run.Info.ArtifactUri + "/model") { RunId = outcome.RunId }, Ct);
            }

            var first = await ModelPromotion.PromoteAsync(tracker, "tips", "1", new PromotionPolicy(), Ct);
            Assert.True(first.Promoted);
        }

        var policy = new PromotionPolicy { DataPath = DataFixtures.TipsPath };
        var outcomes = await Task.WhenAll(new[] { "2", "3", "4", "5" }.Select(version => Task.Run(async () =>
        {
            await using var store = await OpenStoreAsync(StoreOptions("promoter-" + version));
            await using var tracker = Tracker.For(store);
            return await ModelPromotion.PromoteAsync(tracker, "tips", version, policy, Ct);
        })));

        await using var check = await OpenStoreAsync(StoreOptions("check"));
        var registry = ModelRegistries.For(check);
        var model = await registry.GetRegisteredModelAsync("tips", Ct);
        var champion = Assert.Single(model.Aliases, a => a.Alias == ModelPromotion.Champion).Version;

        // Every version scored on the same data: the champion is the one with the lowest rmse.
        await using var scorer = Tracker.For(check);
        var rmse = new Dictionary<string, double>();
        foreach (var version in new[] { "1", "2", "3", "4", "5" })
        {
            var evaluation = await ModelEvaluation.RunAsync(scorer, "tips", await registry.GetModelVersionAsync("tips", version, Ct), null, DataFixtures.TipsPath, Ct);
            rmse[version] = evaluation.Candidate["rmse"];
        }

        Assert.Equal(rmse.MinBy(r => r.Value).Key, champion);
        Assert.Contains(outcomes, o => o.Promoted && o.Candidate == champion);

        // The champion's moves form one chain: each starts where the one before it ended.
        var moves = (await registry.GetHistoryAsync("tips", 1000, null, Ct)).Items
            .Where(e => e.Kind == "alias" && e.Subject == ModelPromotion.Champion)
            .OrderBy(e => e.Id)
            .ToList();
        Assert.Null(moves[0].From);
        for (var i = 1; i < moves.Count; i++)
        {
            Assert.Equal(moves[i - 1].To, moves[i].From);
        }

        Assert.Equal(champion, moves[^1].To);
        Assert.All(moves.Skip(1), m => Assert.True(rmse[m.To!] < rmse[m.From!], $"moved from {m.From} to the worse {m.To}"));
    }
}

public sealed class SqliteModelPromotionTests : ModelPromotionContract
{
    protected override Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options) =>
        TrackingStores.OpenAsync(Directory.SqliteUri(), options);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresModelPromotionTests(PostgresCluster cluster) : ModelPromotionContract
{
    private string? _uri;

    public override async Task InitializeAsync() => _uri = await cluster.CreateDatabaseAsync();

    protected override Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options) =>
        TrackingStores.OpenAsync(_uri ?? throw new InvalidOperationException("No database"), options);
}
