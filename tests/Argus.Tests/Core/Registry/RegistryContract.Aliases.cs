using Argus.Core.Errors;
using Argus.Core.Registry;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Registry;

/// <summary>Aliases, the atomic alias move, the audit history, and concurrent promoters.</summary>
public abstract partial class RegistryContract
{
    /// <summary>Where a test may write what it measured (the concurrency test's conflict count).</summary>
    protected virtual ITestOutputHelper? Output => null;

    [Fact]
    public async Task SetAlias_PointsMovesAndShowsOnModelAndVersions()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await NewVersionAsync(name);

        await Registry.SetAliasAsync(name, "champion", "1", "first", Ct);
        await Registry.SetAliasAsync(name, "challenger", "2", null, Ct);
        Assert.Equal("1", (await Registry.GetModelVersionByAliasAsync(name, "champion", Ct)).Version);
        await Registry.SetAliasAsync(name, "champion", "2", "better", Ct);

        var byAlias = await Registry.GetModelVersionByAliasAsync(name, "champion", Ct);
        Assert.Equal(("2", name), (byAlias.Version, byAlias.Name));
        Assert.Equal(["challenger", "champion"], byAlias.Aliases);
        Assert.Empty((await Registry.GetModelVersionAsync(name, "1", Ct)).Aliases);
        Assert.Equal([new ModelAlias("challenger", "2"), new ModelAlias("champion", "2")], (await Registry.GetRegisteredModelAsync(name, Ct)).Aliases);
        var search = await Registry.SearchModelVersionsAsync(new ModelVersionSearch { Filter = $"name = '{name}'", OrderBy = ["version_number"] }, Ct);
        Assert.Equal(["challenger", "champion"], search.Items[1].Aliases);
    }

    [Fact]
    public async Task SetAlias_BadInput_RejectedWithMlflowCodes()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await Throws(() => Registry.SetAliasAsync(name, "champion", "9", null, Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.SetAliasAsync("no-such-model", "champion", "1", null, Ct), ErrorCode.ResourceDoesNotExist);
        foreach (var reserved in new[] { "latest", "LATEST", "v1", "V12", "bad alias", "bad.alias", "", new string('a', 256) })
        {
            await Throws(() => Registry.SetAliasAsync(name, reserved, "1", null, Ct), ErrorCode.InvalidParameterValue);
        }

        await Throws(() => Registry.SetAliasAsync(name, "champion", "one", null, Ct), ErrorCode.InvalidParameterValue);
        Assert.Empty((await Registry.GetRegisteredModelAsync(name, Ct)).Aliases);
        await Registry.SetAliasAsync(name, "v1-candidate_" + new string('a', 242), "1", null, Ct);
    }

    [Fact]
    public async Task DeleteAlias_RemovesIt_UnknownAliasIsANoOp()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await Registry.SetAliasAsync(name, "champion", "1", null, Ct);
        await Registry.DeleteAliasAsync(name, "champion", "retired", Ct);
        await Registry.DeleteAliasAsync(name, "champion", "again", Ct);

        var e = await Throws(() => Registry.GetModelVersionByAliasAsync(name, "champion", Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Contains("champion", e.Message, StringComparison.Ordinal);
        Assert.Empty((await Registry.GetRegisteredModelAsync(name, Ct)).Aliases);
        var history = await HistoryAsync(Registry, name);
        Assert.Equal(2, history.Count);
        Assert.Equal(("1", (string?)null, "retired"), (history[1].From, history[1].To, history[1].Reason));
        await Throws(() => Registry.DeleteAliasAsync("no-such-model", "champion", null, Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.GetModelVersionByAliasAsync("no-such-model", "champion", Ct), ErrorCode.ResourceDoesNotExist);
    }

    [Fact]
    public async Task MoveAliases_ExpectationsHold_AppliesEveryMoveAndAuditsEach()
    {
        var name = await NewModelAsync();
        for (var i = 0; i < 3; i++)
        {
            await NewVersionAsync(name);
        }

        await Registry.SetAliasAsync(name, "champion", "1", null, Ct);
        await Registry.SetAliasAsync(name, "shadow", "3", null, Ct);

        await Registry.MoveAliasesAsync(
            name,
            [new AliasMove("champion", "2"), new AliasMove("previous", "1"), new AliasMove("shadow", null), new AliasMove("unset", null)],
            [new AliasExpectation("champion", "1"), new AliasExpectation("previous", null)],
            "promote 2",
            Ct);

        Assert.Equal([new ModelAlias("champion", "2"), new ModelAlias("previous", "1")], (await Registry.GetRegisteredModelAsync(name, Ct)).Aliases);
        var moves = (await HistoryAsync(Registry, name)).Skip(2).ToList();
        Assert.Equal(
            [("champion", (string?)"1", (string?)"2"), ("previous", null, "1"), ("shadow", "3", null)],
            moves.Select(e => (e.Subject, e.From, e.To)));
        Assert.All(moves, e => Assert.Equal((RegistryEventKinds.Alias, (string?)"promote 2", (string?)Alice), (e.Kind, e.Reason, e.UserId)));
    }

    [Fact]
    public async Task MoveAliases_ExpectationFails_ResourceConflictNamingItAndNothingChanges()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await NewVersionAsync(name);
        await Registry.SetAliasAsync(name, "champion", "2", null, Ct);

        var e = await Throws(
            () => Registry.MoveAliasesAsync(
                name,
                [new AliasMove("challenger", "1"), new AliasMove("champion", "1")],
                [new AliasExpectation("champion", "1"), new AliasExpectation("challenger", "2")],
                "stale",
                Ct),
            ErrorCode.ResourceConflict);

        Assert.Contains("'champion'", e.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("points at version 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("'challenger'", e.Message, StringComparison.Ordinal);
        Assert.Contains("is not set", e.Message, StringComparison.Ordinal);
        Assert.Equal([new ModelAlias("champion", "2")], (await Registry.GetRegisteredModelAsync(name, Ct)).Aliases);
        Assert.Single(await HistoryAsync(Registry, name));

        // Expecting an alias to be absent fails when it is set.
        await Throws(() => Registry.MoveAliasesAsync(name, [new AliasMove("champion", "1")], [new AliasExpectation("champion", null)], null, Ct), ErrorCode.ResourceConflict);
    }

    [Fact]
    public async Task MoveAliases_BadInput_RejectedBeforeAnythingMoves()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await Throws(() => Registry.MoveAliasesAsync(name, [new AliasMove("a", "1"), new AliasMove("a", "1")], [], null, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.MoveAliasesAsync(name, [new AliasMove("latest", "1")], [], null, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.MoveAliasesAsync(name, [new AliasMove("a", "1"), new AliasMove("b", "7")], [], null, Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.MoveAliasesAsync("no-such-model", [new AliasMove("a", "1")], [], null, Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Empty((await Registry.GetRegisteredModelAsync(name, Ct)).Aliases);
        Assert.Empty(await HistoryAsync(Registry, name));
    }

    [Fact]
    public async Task History_RecordsWhoWhenFromToWhy_NewestFirstInPages()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await NewVersionAsync(name);
        var bob = await OpenRegistryAsync("bob");
        var model = await Registry.GetRegisteredModelAsync(name, Ct);

        await Registry.SetAliasAsync(name, "champion", "1", "initial", Ct);
        await bob.SetAliasAsync(name, "champion", "2", "better auc", Ct);
        await bob.SetAliasAsync(name, "champion", "2", "no change, no event", Ct);
        await Registry.TransitionModelVersionStageAsync(name, "2", "Production", false, "release", Ct);
        await bob.DeleteAliasAsync(name, "champion", "rollback", Ct);

        var first = await Registry.GetHistoryAsync(name, 3, null, Ct);
        Assert.Equal(3, first.Items.Count);
        Assert.NotNull(first.NextPageToken);
        var second = await Registry.GetHistoryAsync(name, 3, first.NextPageToken, Ct);
        Assert.Single(second.Items);
        Assert.Null(second.NextPageToken);

        var events = first.Items.Concat(second.Items).Reverse().ToList();
        Assert.Equal(
            [
                (RegistryEventKinds.Alias, "champion", (string?)null, (string?)"1", (string?)Alice, (string?)"initial"),
                (RegistryEventKinds.Alias, "champion", "1", "2", "bob", "better auc"),
                (RegistryEventKinds.Stage, "2", "None", "Production", Alice, "release"),
                (RegistryEventKinds.Alias, "champion", "2", null, "bob", "rollback"),
            ],
            events.Select(e => (e.Kind, e.Subject, e.From, e.To, e.UserId, e.Reason)));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Id < p.Second.Id && p.First.Timestamp <= p.Second.Timestamp));
        Assert.All(events, e => Assert.True(e.Timestamp >= model.CreationTimestamp));
        Assert.All(events, e => Assert.Equal(name, e.Name));

        await Throws(() => Registry.GetHistoryAsync("no-such-model", 10, null, Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.GetHistoryAsync(name, 0, null, Ct), ErrorCode.InvalidParameterValue);
        Assert.Empty((await Registry.GetHistoryAsync(await NewModelAsync(), 10, null, Ct)).Items);
    }

    [Fact]
    public async Task MoveAliases_EightConcurrentPromoters_OneChampionAndOneUnbrokenChain()
    {
        const int Promoters = 8;
        var name = await NewModelAsync();
        var versions = new List<string>();
        for (var i = 0; i < Promoters; i++)
        {
            versions.Add((await NewVersionAsync(name)).Version);
        }

        var registries = new List<IModelRegistry>();
        for (var i = 0; i < Promoters; i++)
        {
            registries.Add(await OpenRegistryAsync($"promoter-{i}"));
        }

        var conflicts = 0;
        await Task.WhenAll(registries.Select((registry, i) => Task.Run(async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                Assert.True(attempt < 1000, "a promoter never got through");
                var old = await ChampionAsync(registry, name);
                try
                {
                    await registry.MoveAliasesAsync(
                        name,
                        [new AliasMove("champion", versions[i]), new AliasMove("previous", old)],
                        [new AliasExpectation("champion", old)],
                        $"promote {versions[i]}",
                        Ct);
                    return;
                }
                catch (ArgusException e) when (e.Code == ErrorCode.ResourceConflict)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var model = await Registry.GetRegisteredModelAsync(name, Ct);
        var champion = Assert.Single(model.Aliases, a => a.Alias == "champion");
        var chain = (await HistoryAsync(Registry, name)).Where(e => e.Subject == "champion").ToList();

        // Every promoter's move is in the history exactly once (no lost update), as one chain.
        Assert.Equal(Promoters, chain.Count);
        Assert.Null(chain[0].From);
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.Equal(chain[i - 1].To, chain[i].From);
        }

        Assert.Equal(versions.Order(), chain.Select(e => e.To!).Order());
        Assert.All(chain, e => Assert.Equal($"promoter-{versions.IndexOf(e.To!)}", e.UserId));
        Assert.Equal(chain[^1].To, champion.Version);
        Assert.Equal(new ModelAlias("previous", chain[^1].From!), Assert.Single(model.Aliases, a => a.Alias == "previous"));
        Output?.WriteLine($"{Promoters} promoters, {conflicts} RESOURCE_CONFLICT conflicts retried, final champion {champion.Version}.");
    }

    private static async Task<string?> ChampionAsync(IModelRegistry registry, string name)
    {
        try
        {
            return (await registry.GetModelVersionByAliasAsync(name, "champion", Ct)).Version;
        }
        catch (ArgusException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            return null;
        }
    }
}
