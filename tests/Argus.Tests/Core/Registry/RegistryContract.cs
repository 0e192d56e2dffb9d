using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;

namespace Argus.Tests.Core.Registry;

/// <summary>
/// The behaviour every model registry must show, whatever backs it. Subclasses prepare a database
/// (SQLite, PostgreSQL) or a server and open stores on it; the same assertions run on each. The main
/// <see cref="Registry"/> acts as user "alice"; <see cref="OpenRegistryAsync"/> opens more stores on
/// the same data, as separate processes would.
/// </summary>
public abstract partial class RegistryContract : IAsyncLifetime
{
    protected const string Alice = "alice";

    private readonly List<ITrackingStore> _stores = [];
    private IModelRegistry? _registry;

    protected IModelRegistry Registry => _registry ?? throw new InvalidOperationException("Registry not open");

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>Creates the database or starts the server the stores open.</summary>
    protected abstract Task PrepareAsync();

    /// <summary>Opens one more store on the prepared database or server.</summary>
    protected abstract Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options);

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        _registry = await OpenRegistryAsync(Alice);
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await CleanupAsync();
    }

    /// <summary>A registry over its own store instance, acting for <paramref name="userId"/>.</summary>
    protected async Task<IModelRegistry> OpenRegistryAsync(string userId)
    {
        var store = await OpenStoreAsync(new TrackingStoreOptions { UserId = userId });
        _stores.Add(store);
        return ModelRegistries.For(store);
    }

    protected static string Unique(string prefix = "model") => $"{prefix}-{Guid.NewGuid():N}";

    protected static async Task<ArgusException> Throws(Func<Task> action, ErrorCode code)
    {
        var e = await Assert.ThrowsAsync<ArgusException>(action);
        Assert.Equal(code, e.Code);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        return e;
    }

    protected async Task<string> NewModelAsync(string? name = null, IReadOnlyList<Tag>? tags = null)
    {
        name ??= Unique();
        await Registry.CreateRegisteredModelAsync(name, null, tags ?? [], Ct);
        return name;
    }

    protected Task<ModelVersion> NewVersionAsync(string name, string? source = null, string? runId = null, IReadOnlyList<Tag>? tags = null) =>
        Registry.CreateModelVersionAsync(new ModelVersionCreation(name, source ?? $"s3://bucket/{Guid.NewGuid():N}") { RunId = runId, Tags = tags ?? [] }, Ct);

    /// <summary>Every event of a model's history, oldest first, read page by page.</summary>
    protected static async Task<List<RegistryEvent>> HistoryAsync(IModelRegistry registry, string name, int pageSize = 1000)
    {
        var events = new List<RegistryEvent>();
        string? token = null;
        do
        {
            var page = await registry.GetHistoryAsync(name, pageSize, token, Ct);
            events.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);

        events.Reverse();
        return events;
    }

    // ------------------------------------------------------------------ registered models

    [Fact]
    public async Task CreateRegisteredModel_WithTagsAndDescription_ReadsBackWithTheUser()
    {
        var name = Unique();
        var created = await Registry.CreateRegisteredModelAsync(name, "tips regressor", [new Tag("team", "ml"), new Tag("team", "ds"), new Tag("a", "1")], Ct);
        var read = await Registry.GetRegisteredModelAsync(name, Ct);

        Assert.Equal(name, read.Name);
        Assert.Equal("tips regressor", read.Description);
        Assert.Equal(Alice, read.UserId);
        Assert.Equal([new Tag("a", "1"), new Tag("team", "ds")], read.Tags);
        Assert.Empty(read.LatestVersions);
        Assert.Empty(read.Aliases);
        Assert.True(read.CreationTimestamp > 0);
        Assert.Equal(read.CreationTimestamp, read.LastUpdatedTimestamp);
        Assert.Equal(created.CreationTimestamp, read.CreationTimestamp);
        Assert.Equal(created.Tags, read.Tags);
    }

    [Fact]
    public async Task CreateRegisteredModel_Duplicate_ResourceAlreadyExists()
    {
        var name = await NewModelAsync();
        var e = await Throws(() => Registry.CreateRegisteredModelAsync(name, null, [], Ct), ErrorCode.ResourceAlreadyExists);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRegisteredModel_InvalidNameOrTag_InvalidParameterAndNothingStored()
    {
        await Throws(() => Registry.CreateRegisteredModelAsync("", null, [], Ct), ErrorCode.InvalidParameterValue);
        var name = Unique();
        await Throws(() => Registry.CreateRegisteredModelAsync(name, null, [new Tag("../up", "x")], Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.CreateRegisteredModelAsync(name, null, [new Tag("k", new string('x', 5001))], Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.GetRegisteredModelAsync(name, Ct), ErrorCode.ResourceDoesNotExist);
    }

    [Fact]
    public async Task GetRegisteredModel_Unknown_ResourceDoesNotExistNamingIt()
    {
        var e = await Throws(() => Registry.GetRegisteredModelAsync("no-such-model", Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Contains("no-such-model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateRegisteredModel_Description_ChangesItAndTheUpdateTime()
    {
        var name = await NewModelAsync();
        var before = await Registry.GetRegisteredModelAsync(name, Ct);
        var updated = await Registry.UpdateRegisteredModelAsync(name, "now described", Ct);
        Assert.Equal("now described", updated.Description);
        Assert.True(updated.LastUpdatedTimestamp >= before.LastUpdatedTimestamp);
        Assert.Equal("now described", (await Registry.GetRegisteredModelAsync(name, Ct)).Description);
        await Throws(() => Registry.UpdateRegisteredModelAsync("no-such-model", "x", Ct), ErrorCode.ResourceDoesNotExist);
    }

    [Fact]
    public async Task RenameRegisteredModel_KeepsTagsVersionsAliasesAndHistory()
    {
        var name = await NewModelAsync(tags: [new Tag("team", "ml")]);
        var v1 = await NewVersionAsync(name, tags: [new Tag("k", "v")]);
        await NewVersionAsync(name);
        await Registry.SetAliasAsync(name, "champion", v1.Version, "first", Ct);
        await Registry.TransitionModelVersionStageAsync(name, "2", "Production", false, "ship", Ct);
        var newName = Unique("renamed");

        var renamed = await Registry.RenameRegisteredModelAsync(name, newName, Ct);

        Assert.Equal(newName, renamed.Name);
        Assert.Equal([new Tag("team", "ml")], renamed.Tags);
        Assert.Equal([new ModelAlias("champion", "1")], renamed.Aliases);
        Assert.Contains(renamed.LatestVersions, v => v.Version == "2" && v.CurrentStage == ModelStages.Production && v.Name == newName);
        var version = await Registry.GetModelVersionAsync(newName, "1", Ct);
        Assert.Equal([new Tag("k", "v")], version.Tags);
        Assert.Equal(["champion"], version.Aliases);
        Assert.Equal("1", (await Registry.GetModelVersionByAliasAsync(newName, "champion", Ct)).Version);
        var history = await HistoryAsync(Registry, newName);
        Assert.Equal(2, history.Count);
        Assert.All(history, e => Assert.Equal(newName, e.Name));
        await Throws(() => Registry.GetRegisteredModelAsync(name, Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.GetHistoryAsync(name, 10, null, Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Equal("3", (await NewVersionAsync(newName)).Version);
    }

    [Fact]
    public async Task RenameRegisteredModel_ToTakenName_AlreadyExistsAndNothingChanges()
    {
        var first = await NewModelAsync();
        var second = await NewModelAsync();
        await NewVersionAsync(first);
        await Throws(() => Registry.RenameRegisteredModelAsync(first, second, Ct), ErrorCode.ResourceAlreadyExists);
        await Throws(() => Registry.RenameRegisteredModelAsync("no-such-model", Unique(), Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.RenameRegisteredModelAsync(first, "", Ct), ErrorCode.InvalidParameterValue);
        Assert.Equal("1", (await Registry.GetModelVersionAsync(first, "1", Ct)).Version);
    }

    [Fact]
    public async Task DeleteRegisteredModel_RemovesVersionsTagsAndAliases_KeepsTheHistory()
    {
        var name = await NewModelAsync(tags: [new Tag("team", "ml")]);
        await NewVersionAsync(name, tags: [new Tag("k", "v")]);
        await Registry.SetAliasAsync(name, "champion", "1", "first", Ct);

        await Registry.DeleteRegisteredModelAsync(name, Ct);

        await Throws(() => Registry.GetRegisteredModelAsync(name, Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.GetModelVersionAsync(name, "1", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.GetModelVersionByAliasAsync(name, "champion", Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Empty((await Registry.SearchModelVersionsAsync(new ModelVersionSearch { Filter = $"name = '{name}'" }, Ct)).Items);
        var history = await HistoryAsync(Registry, name);
        Assert.Equal(2, history.Count);
        Assert.Equal(("champion", (string?)"1", (string?)null), (history[1].Subject, history[1].From, history[1].To));

        // The name is free again, and the new model starts from version 1 with no tags.
        await NewModelAsync(name);
        Assert.Empty((await Registry.GetRegisteredModelAsync(name, Ct)).Tags);
        Assert.Equal("1", (await NewVersionAsync(name)).Version);
        await Throws(() => Registry.DeleteRegisteredModelAsync("no-such-model", Ct), ErrorCode.ResourceDoesNotExist);
    }

    [Fact]
    public async Task RegisteredModelTags_SetOverwriteDelete()
    {
        var name = await NewModelAsync();
        await Registry.SetRegisteredModelTagAsync(name, "stage", "dev", Ct);
        await Registry.SetRegisteredModelTagAsync(name, "stage", "prod", Ct);
        await Registry.SetRegisteredModelTagAsync(name, "owner", "alice", Ct);
        Assert.Equal([new Tag("owner", "alice"), new Tag("stage", "prod")], (await Registry.GetRegisteredModelAsync(name, Ct)).Tags);

        await Registry.DeleteRegisteredModelTagAsync(name, "stage", Ct);
        await Registry.DeleteRegisteredModelTagAsync(name, "never-set", Ct);
        Assert.Equal([new Tag("owner", "alice")], (await Registry.GetRegisteredModelAsync(name, Ct)).Tags);

        await Throws(() => Registry.SetRegisteredModelTagAsync("no-such-model", "k", "v", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.DeleteRegisteredModelTagAsync("no-such-model", "k", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Registry.SetRegisteredModelTagAsync(name, "bad key!", "v", Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.SetRegisteredModelTagAsync(name, "k", new string('v', 5001), Ct), ErrorCode.InvalidParameterValue);
        await Registry.SetRegisteredModelTagAsync(name, "k", new string('v', 5000), Ct);
    }
}
