using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;

namespace Argus.Tests.Core.Registry;

/// <summary>Model versions and legacy stages.</summary>
public abstract partial class RegistryContract
{
    [Fact]
    public async Task CreateModelVersion_NumbersFromOne_ReadyInStageNone()
    {
        var name = await NewModelAsync();
        var v1 = await Registry.CreateModelVersionAsync(new ModelVersionCreation(name, "s3://bucket/model")
        {
            RunId = "0123456789abcdef0123456789abcdef",
            RunLink = "http://tracking/runs/1",
            Description = "first",
            Tags = [new Tag("framework", "xgboost")],
        }, Ct);
        var v2 = await NewVersionAsync(name);

        Assert.Equal(("1", "2"), (v1.Version, v2.Version));
        var read = await Registry.GetModelVersionAsync(name, "1", Ct);
        Assert.Equal(name, read.Name);
        Assert.Equal("s3://bucket/model", read.Source);
        Assert.Equal("0123456789abcdef0123456789abcdef", read.RunId);
        Assert.Equal("http://tracking/runs/1", read.RunLink);
        Assert.Equal("first", read.Description);
        Assert.Equal(ModelStages.None, read.CurrentStage);
        Assert.Equal(ModelVersionStatus.Ready, read.Status);
        Assert.Equal(Alice, read.UserId);
        Assert.Equal([new Tag("framework", "xgboost")], read.Tags);
        Assert.Empty(read.Aliases);
        Assert.True(read.CreationTimestamp > 0);
        Assert.Equal(v1 with { Tags = read.Tags, Aliases = read.Aliases }, read with { Tags = read.Tags, Aliases = read.Aliases });
        Assert.Equal("s3://bucket/model", await Registry.GetModelVersionDownloadUriAsync(name, "1", Ct));

        var model = await Registry.GetRegisteredModelAsync(name, Ct);
        Assert.True(model.LastUpdatedTimestamp >= v2.CreationTimestamp);
        var latest = Assert.Single(model.LatestVersions);
        Assert.Equal(("2", ModelStages.None), (latest.Version, latest.CurrentStage));
    }

    [Fact]
    public async Task CreateModelVersion_AfterDeletingTheLatest_NumberIsNotReused()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await NewVersionAsync(name);
        await Registry.DeleteModelVersionAsync(name, "2", Ct);
        Assert.Equal("3", (await NewVersionAsync(name)).Version);
    }

    [Fact]
    public async Task CreateModelVersion_ConcurrentCreators_GetDistinctConsecutiveNumbers()
    {
        var name = await NewModelAsync();
        var registries = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => OpenRegistryAsync($"creator-{i}")));
        var versions = await Task.WhenAll(registries.SelectMany(r => Enumerable.Range(0, 3).Select(_ =>
            r.CreateModelVersionAsync(new ModelVersionCreation(name, "s3://b/m"), Ct))));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), versions.Select(v => v.Version).Order());
    }

    [Fact]
    public async Task CreateModelVersion_BadInput_RejectedAndNothingStored()
    {
        var name = await NewModelAsync();
        await Throws(() => Registry.CreateModelVersionAsync(new ModelVersionCreation("no-such-model", "s3://b/m"), Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.CreateModelVersionAsync(new ModelVersionCreation(name, ""), Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.CreateModelVersionAsync(new ModelVersionCreation(name, "s3://b/m") { Tags = [new Tag("", "v")] }, Ct), ErrorCode.InvalidParameterValue);
        Assert.Equal("1", (await NewVersionAsync(name)).Version);
    }

    [Fact]
    public async Task GetModelVersion_UnknownOrNotANumber_NotFoundOrInvalid()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        var e = await Throws(() => Registry.GetModelVersionAsync(name, "7", Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Contains("version=7", e.Message, StringComparison.Ordinal);
        await Throws(() => Registry.GetModelVersionAsync("no-such-model", "1", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.GetModelVersionAsync(name, "one", Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.GetModelVersionDownloadUriAsync(name, "7", Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Equal("1", (await Registry.GetModelVersionAsync(name, "01", Ct)).Version);
    }

    [Fact]
    public async Task UpdateModelVersion_Description_ChangesOnlyIt()
    {
        var name = await NewModelAsync();
        var created = await NewVersionAsync(name, source: "s3://b/x");
        var updated = await Registry.UpdateModelVersionAsync(name, "1", "better", Ct);
        Assert.Equal("better", updated.Description);
        Assert.Equal("s3://b/x", updated.Source);
        Assert.True(updated.LastUpdatedTimestamp >= created.LastUpdatedTimestamp);
        Assert.Equal("better", (await Registry.GetModelVersionAsync(name, "1", Ct)).Description);
        await Throws(() => Registry.UpdateModelVersionAsync(name, "9", "x", Ct), ErrorCode.ResourceDoesNotExist);
    }

    [Fact]
    public async Task DeleteModelVersion_RemovesItsAliasesAndAuditsThem_OtherAliasesStay()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await NewVersionAsync(name, tags: [new Tag("k", "v")]);
        await Registry.SetAliasAsync(name, "champion", "2", null, Ct);
        await Registry.SetAliasAsync(name, "candidate", "2", null, Ct);
        await Registry.SetAliasAsync(name, "fallback", "1", null, Ct);

        await Registry.DeleteModelVersionAsync(name, "2", Ct);

        await Throws(() => Registry.GetModelVersionAsync(name, "2", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.GetModelVersionByAliasAsync(name, "champion", Ct), ErrorCode.ResourceDoesNotExist);
        var model = await Registry.GetRegisteredModelAsync(name, Ct);
        Assert.Equal([new ModelAlias("fallback", "1")], model.Aliases);
        Assert.Equal("1", Assert.Single(model.LatestVersions).Version);
        var removals = (await HistoryAsync(Registry, name)).Skip(3).ToList();
        Assert.Equal(["candidate", "champion"], removals.Select(e => e.Subject).Order());
        Assert.All(removals, e => Assert.Equal(("2", (string?)null, Alice), (e.From, e.To, e.UserId)));
        await Throws(() => Registry.DeleteModelVersionAsync(name, "2", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.DeleteModelVersionAsync("no-such-model", "1", Ct), ErrorCode.ResourceDoesNotExist);
    }

    [Fact]
    public async Task ModelVersionTags_SetOverwriteDelete()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await Registry.SetModelVersionTagAsync(name, "1", "validated", "no", Ct);
        await Registry.SetModelVersionTagAsync(name, "1", "validated", "yes", Ct);
        await Registry.SetModelVersionTagAsync(name, "1", "owner", "bob", Ct);
        Assert.Equal([new Tag("owner", "bob"), new Tag("validated", "yes")], (await Registry.GetModelVersionAsync(name, "1", Ct)).Tags);

        await Registry.DeleteModelVersionTagAsync(name, "1", "owner", Ct);
        await Registry.DeleteModelVersionTagAsync(name, "1", "never-set", Ct);
        Assert.Equal([new Tag("validated", "yes")], (await Registry.GetModelVersionAsync(name, "1", Ct)).Tags);

        await Throws(() => Registry.SetModelVersionTagAsync(name, "5", "k", "v", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.DeleteModelVersionTagAsync(name, "5", "k", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.SetModelVersionTagAsync(name, "1", "k", new string('v', 5001), Ct), ErrorCode.InvalidParameterValue);
    }

    // ------------------------------------------------------------------ stages

    [Fact]
    public async Task TransitionStage_AnyCase_StoredCanonicallyAndAudited()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        var moved = await Registry.TransitionModelVersionStageAsync(name, "1", "staging", false, "passed checks", Ct);
        Assert.Equal(ModelStages.Staging, moved.CurrentStage);
        moved = await Registry.TransitionModelVersionStageAsync(name, "1", "PRODUCTION", false, null, Ct);
        Assert.Equal(ModelStages.Production, (await Registry.GetModelVersionAsync(name, "1", Ct)).CurrentStage);

        var history = await HistoryAsync(Registry, name);
        Assert.Equal(2, history.Count);
        Assert.Equal((RegistryEventKinds.Stage, "1", (string?)"None", (string?)"Staging", (string?)"passed checks", (string?)Alice),
            (history[0].Kind, history[0].Subject, history[0].From, history[0].To, history[0].Reason, history[0].UserId));
        Assert.Equal(("Staging", "Production", (string?)null), (history[1].From, history[1].To, history[1].Reason));
        Assert.True(history[0].Timestamp > 0 && history[1].Timestamp >= history[0].Timestamp);
        Assert.True(moved.LastUpdatedTimestamp >= moved.CreationTimestamp);

        await Throws(() => Registry.TransitionModelVersionStageAsync(name, "1", "Shipped", false, null, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.TransitionModelVersionStageAsync(name, "4", "Staging", false, null, Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.TransitionModelVersionStageAsync("no-such-model", "1", "Staging", false, null, Ct), ErrorCode.ResourceDoesNotExist);
    }

    [Fact]
    public async Task TransitionStage_ArchiveExisting_ArchivesOnlyTheTargetStagesOthers()
    {
        var name = await NewModelAsync();
        for (var i = 0; i < 4; i++)
        {
            await NewVersionAsync(name);
        }

        await Registry.TransitionModelVersionStageAsync(name, "1", "Production", false, null, Ct);
        await Registry.TransitionModelVersionStageAsync(name, "2", "Production", false, null, Ct);
        await Registry.TransitionModelVersionStageAsync(name, "3", "Staging", false, null, Ct);

        await Registry.TransitionModelVersionStageAsync(name, "4", "production", true, "replace", Ct);

        var stages = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            stages.Add((await Registry.GetModelVersionAsync(name, i.ToString(System.Globalization.CultureInfo.InvariantCulture), Ct)).CurrentStage);
        }

        Assert.Equal([ModelStages.Archived, ModelStages.Archived, ModelStages.Staging, ModelStages.Production], stages);
        var archived = (await HistoryAsync(Registry, name)).Where(e => e.To == ModelStages.Archived).ToList();
        Assert.Equal(["1", "2"], archived.Select(e => e.Subject).Order());
        Assert.All(archived, e => Assert.Equal(("Production", (string?)"replace"), (e.From, e.Reason)));
    }

    [Fact]
    public async Task TransitionStage_ArchiveExistingToNoneOrArchived_InvalidAndNothingMoves()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await NewVersionAsync(name);
        await Registry.TransitionModelVersionStageAsync(name, "1", "Archived", false, null, Ct);
        await Throws(() => Registry.TransitionModelVersionStageAsync(name, "2", "Archived", true, null, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.TransitionModelVersionStageAsync(name, "2", "None", true, null, Ct), ErrorCode.InvalidParameterValue);
        Assert.Equal(ModelStages.None, (await Registry.GetModelVersionAsync(name, "2", Ct)).CurrentStage);
    }

    [Fact]
    public async Task LatestVersions_PerStage_OnTheModelAndByRequest()
    {
        var name = await NewModelAsync();
        for (var i = 0; i < 5; i++)
        {
            await NewVersionAsync(name);
        }

        await Registry.TransitionModelVersionStageAsync(name, "1", "Production", false, null, Ct);
        await Registry.TransitionModelVersionStageAsync(name, "2", "Production", false, null, Ct);
        await Registry.TransitionModelVersionStageAsync(name, "3", "Staging", false, null, Ct);
        await Registry.TransitionModelVersionStageAsync(name, "4", "Archived", false, null, Ct);

        var model = await Registry.GetRegisteredModelAsync(name, Ct);
        Assert.Equal(["5", "3", "2", "4"], model.LatestVersions.Select(v => v.Version));
        Assert.Equal([ModelStages.None, ModelStages.Staging, ModelStages.Production, ModelStages.Archived], model.LatestVersions.Select(v => v.CurrentStage));

        var all = await Registry.GetLatestVersionsAsync(name, [], Ct);
        Assert.Equal(model.LatestVersions.Select(v => v.Version), all.Select(v => v.Version));
        var some = await Registry.GetLatestVersionsAsync(name, ["production", "Staging"], Ct);
        Assert.Equal(["3", "2"], some.Select(v => v.Version));
        await Throws(() => Registry.GetLatestVersionsAsync(name, ["Shipped"], Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.GetLatestVersionsAsync("no-such-model", [], Ct), ErrorCode.ResourceDoesNotExist);
    }
}
