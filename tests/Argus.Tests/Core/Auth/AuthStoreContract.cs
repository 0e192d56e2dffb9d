using Argus.Core.Auth;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Tests.Core.Inference;

namespace Argus.Tests.Core.Auth;

/// <summary>
/// What every auth store must do — users, tokens, sessions, permissions with their cascades, search limits, and the
/// audit log — run on SQLite and PostgreSQL.
/// </summary>
public abstract class AuthStoreContract : IAsyncLifetime
{
    private const string Hash = "pbkdf2-sha256$210000$c2FsdA==$aGFzaA==";

    private ITrackingStore? _tracking;

    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private ITrackingStore Tracking => _tracking ?? throw new InvalidOperationException("Store not open");

    private IAuthStore Store => AuthStores.For(Tracking);

    private IModelRegistry Registry => ModelRegistries.For(Tracking);

    private static CancellationToken Ct => CancellationToken.None;

    protected abstract Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options);

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _tracking = await OpenStoreAsync(new TrackingStoreOptions { TimeProvider = Clock });

    public async Task DisposeAsync()
    {
        if (_tracking is not null)
        {
            await _tracking.DisposeAsync();
        }

        await CleanupAsync();
    }

    // ---------------------------------------------------------------- users

    [Fact]
    public async Task CreateUser_FoundWithItsHash_ListedByName_NameTakenOnce()
    {
        var bob = await Store.CreateUserAsync("bob", Hash, isAdmin: false, "admin", Ct);
        await Store.CreateUserAsync("alice", Hash + "2", isAdmin: true, "admin", Ct);

        var found = await Store.FindCredentialsAsync("bob", Ct);
        var duplicate = await Assert.ThrowsAsync<ArgusException>(() => Store.CreateUserAsync("bob", Hash, false, "admin", Ct));

        Assert.Equal(bob, found!.User);
        Assert.Equal(Hash, found.PasswordHash);
        Assert.Equal(Clock.GetUtcNow(), bob.CreatedAt);
        Assert.Equal(["alice", "bob"], (await Store.ListUsersAsync(Ct)).Select(u => u.Name));
        Assert.True((await Store.FindUserAsync("alice", Ct))!.IsAdmin);
        Assert.Null(await Store.FindUserAsync("carol", Ct));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, duplicate.Code);
    }

    [Fact]
    public async Task CreateFirstAdmin_OnlyWhileThereIsNoUser()
    {
        Assert.True(await Store.CreateFirstAdminAsync("admin", Hash, Ct));
        Assert.False(await Store.CreateFirstAdminAsync("admin", Hash, Ct));
        Assert.False(await Store.CreateFirstAdminAsync("root", Hash, Ct));

        Assert.True(Assert.Single(await Store.ListUsersAsync(Ct)).IsAdmin);
    }

    [Fact]
    public async Task SetPasswordHash_ReplacesItAndEndsTheUsersSessions()
    {
        var bob = await Store.CreateUserAsync("bob", Hash, false, null, Ct);
        await Store.CreateSessionAsync("session-hash", bob.Id, Clock.GetUtcNow().AddHours(1), Ct);

        await Store.SetPasswordHashAsync("bob", Hash + "new", "bob", Ct);

        Assert.Equal(Hash + "new", (await Store.FindCredentialsAsync("bob", Ct))!.PasswordHash);
        Assert.Null(await Store.FindSessionUserAsync("session-hash", Clock.GetUtcNow(), Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() => Store.SetPasswordHashAsync("nobody", Hash, null, Ct))).Code);
    }

    [Fact]
    public async Task DeleteUser_TakesTheirTokensSessionsAndPermissionsAlong()
    {
        var experiment = await Tracking.CreateExperimentAsync("e", null, [], Ct);
        var bob = await Store.CreateUserAsync("bob", Hash, false, null, Ct);
        var token = await Store.CreateTokenAsync("bob", "ci", "token-hash", null, null, Ct);
        await Store.CreateSessionAsync("session-hash", bob.Id, Clock.GetUtcNow().AddHours(1), Ct);
        await Store.CreatePermissionAsync(ResourceKind.Experiment, experiment, "bob", Permission.Edit, null, Ct);

        await Store.DeleteUserAsync("bob", "admin", Ct);

        Assert.Null(await Store.FindUserAsync("bob", Ct));
        Assert.Null(await Store.FindTokenAsync("token-hash", Ct));
        Assert.Null(await Store.FindSessionUserAsync("session-hash", Clock.GetUtcNow(), Ct));
        Assert.Null(await Store.GetPermissionAsync(ResourceKind.Experiment, experiment, bob.Id, Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() => Store.GetTokenAsync(token.Id, Ct))).Code);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() => Store.DeleteUserAsync("bob", null, Ct))).Code);
    }

    // ---------------------------------------------------------------- tokens

    [Fact]
    public async Task Tokens_FoundByHashWithTheirUser_ListedNewestFirst_RevokedOnce_TouchedWhenUsed()
    {
        var bob = await Store.CreateUserAsync("bob", Hash, false, null, Ct);
        await Store.CreateUserAsync("carol", Hash, false, null, Ct);
        var expires = Clock.GetUtcNow().AddDays(30);
        var first = await Store.CreateTokenAsync("bob", "laptop", "hash-1", expires, "bob", Ct);
        var second = await Store.CreateTokenAsync("bob", "ci", "hash-2", null, "admin", Ct);
        await Store.CreateTokenAsync("carol", "other", "hash-3", null, null, Ct);

        var match = await Store.FindTokenAsync("hash-1", Ct);
        Assert.Equal(bob, match!.User);
        Assert.Equal(first, match.Token);
        Assert.Equal(expires, match.Token.ExpiresAt);
        Assert.Equal(["ci", "laptop"], (await Store.ListTokensAsync("bob", Ct)).Select(t => t.Name));
        Assert.Equal(3, (await Store.ListTokensAsync(null, Ct)).Count);
        Assert.Null(await Store.FindTokenAsync("hash-x", Ct));

        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.TouchTokenAsync(second.Id, Clock.GetUtcNow(), Ct);
        await Store.RevokeTokenAsync(first.Id, "bob", Ct);
        await Store.RevokeTokenAsync(first.Id, "bob", Ct);

        var revoked = await Store.GetTokenAsync(first.Id, Ct);
        Assert.Equal(Clock.GetUtcNow(), revoked.RevokedAt);
        Assert.False(revoked.IsActive(Clock.GetUtcNow()));
        Assert.Equal(Clock.GetUtcNow(), (await Store.GetTokenAsync(second.Id, Ct)).LastUsedAt);
        Assert.Single((await Store.SearchAuditAsync(new AuditQuery { Action = AuditActions.TokenRevoke }, Ct)).Items);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() => Store.RevokeTokenAsync(999, null, Ct))).Code);
    }

    [Fact]
    public void ApiToken_IsActive_UntilItExpiresOrIsRevoked()
    {
        var now = Clock.GetUtcNow();
        var token = new ApiToken(1, "bob", "ci", now, now.AddHours(1), null, null);

        Assert.True(token.IsActive(now));
        Assert.False(token.IsActive(now.AddHours(1)));
        Assert.True((token with { ExpiresAt = null }).IsActive(now.AddYears(10)));
        Assert.False((token with { RevokedAt = now }).IsActive(now));
    }

    // ---------------------------------------------------------------- sessions

    [Fact]
    public async Task Sessions_FoundUntilTheyExpire_AndDeleted()
    {
        var bob = await Store.CreateUserAsync("bob", Hash, false, null, Ct);
        await Store.CreateSessionAsync("s1", bob.Id, Clock.GetUtcNow().AddHours(1), Ct);
        await Store.CreateSessionAsync("s2", bob.Id, Clock.GetUtcNow().AddHours(2), Ct);

        Assert.Equal(bob, await Store.FindSessionUserAsync("s1", Clock.GetUtcNow(), Ct));
        Assert.Null(await Store.FindSessionUserAsync("s1", Clock.GetUtcNow().AddHours(1), Ct));
        await Store.DeleteSessionAsync("s2", Ct);
        Assert.Null(await Store.FindSessionUserAsync("s2", Clock.GetUtcNow(), Ct));
    }

    // ---------------------------------------------------------------- permissions

    [Fact]
    public async Task Permissions_CreateFindUpdateDelete_AsMlflowsApiDoes()
    {
        var experiment = await Tracking.CreateExperimentAsync("e", null, [], Ct);
        await Registry.CreateRegisteredModelAsync("m", null, [], Ct);
        var bob = await Store.CreateUserAsync("bob", Hash, false, null, Ct);

        var created = await Store.CreatePermissionAsync(ResourceKind.Experiment, experiment, "bob", Permission.Read, "admin", Ct);
        await Store.CreatePermissionAsync(ResourceKind.RegisteredModel, "m", "bob", Permission.Manage, "admin", Ct);
        var again = await Assert.ThrowsAsync<ArgusException>(() => Store.CreatePermissionAsync(ResourceKind.Experiment, experiment, "bob", Permission.Edit, null, Ct));
        await Store.UpdatePermissionAsync(ResourceKind.Experiment, experiment, "bob", Permission.Edit, "admin", Ct);

        Assert.Equal(new ResourcePermission(ResourceKind.Experiment, experiment, "bob", bob.Id, Permission.Read), created);
        Assert.Equal(ErrorCode.ResourceAlreadyExists, again.Code);
        Assert.Equal(Permission.Edit, await Store.GetPermissionAsync(ResourceKind.Experiment, experiment, bob.Id, Ct));
        Assert.Equal(Permission.Edit, (await Store.FindPermissionAsync(ResourceKind.Experiment, experiment, "bob", Ct))!.Permission);
        Assert.Equal(
            [(ResourceKind.Experiment, experiment, Permission.Edit), (ResourceKind.RegisteredModel, "m", Permission.Manage)],
            (await Store.ListPermissionsAsync("bob", Ct)).Select(p => (p.Kind, p.Resource, p.Permission)));

        await Store.DeletePermissionAsync(ResourceKind.Experiment, experiment, "bob", "admin", Ct);

        Assert.Null(await Store.GetPermissionAsync(ResourceKind.Experiment, experiment, bob.Id, Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() =>
            Store.UpdatePermissionAsync(ResourceKind.Experiment, experiment, "bob", Permission.Read, null, Ct))).Code);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() =>
            Store.DeletePermissionAsync(ResourceKind.Experiment, experiment, "bob", null, Ct))).Code);
    }

    [Fact]
    public async Task CreatePermission_OnSomethingMissing_ResourceDoesNotExist()
    {
        var experiment = await Tracking.CreateExperimentAsync("e", null, [], Ct);
        await Store.CreateUserAsync("bob", Hash, false, null, Ct);

        foreach (var attempt in new Func<Task>[]
        {
            () => Store.CreatePermissionAsync(ResourceKind.Experiment, "999", "bob", Permission.Read, null, Ct),
            () => Store.CreatePermissionAsync(ResourceKind.RegisteredModel, "no-model", "bob", Permission.Read, null, Ct),
            () => Store.CreatePermissionAsync(ResourceKind.Experiment, experiment, "nobody", Permission.Read, null, Ct),
        })
        {
            Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(attempt)).Code);
        }
    }

    [Fact]
    public async Task GetRunAccess_NamesTheRunsExperimentAndTheUsersPermissionOnIt()
    {
        var experiment = await Tracking.CreateExperimentAsync("e", null, [], Ct);
        var run = await Tracking.CreateRunAsync(new RunCreation { ExperimentId = experiment }, Ct);
        var bob = await Store.CreateUserAsync("bob", Hash, false, null, Ct);
        var carol = await Store.CreateUserAsync("carol", Hash, false, null, Ct);
        await Store.CreatePermissionAsync(ResourceKind.Experiment, experiment, "bob", Permission.Edit, null, Ct);

        Assert.Equal(new RunAccess(experiment, Permission.Edit), await Store.GetRunAccessAsync(run.Info.RunId, bob.Id, Ct));
        Assert.Equal(new RunAccess(experiment, null), await Store.GetRunAccessAsync(run.Info.RunId, carol.Id, Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() => Store.GetRunAccessAsync("no-run", bob.Id, Ct))).Code);
    }

    [Fact]
    public async Task ModelPermissions_FollowARenameAndGoWithTheModel()
    {
        await Registry.CreateRegisteredModelAsync("m", null, [], Ct);
        var bob = await Store.CreateUserAsync("bob", Hash, false, null, Ct);
        await Store.CreatePermissionAsync(ResourceKind.RegisteredModel, "m", "bob", Permission.Edit, null, Ct);

        await Registry.RenameRegisteredModelAsync("m", "renamed", Ct);
        Assert.Equal(Permission.Edit, await Store.GetPermissionAsync(ResourceKind.RegisteredModel, "renamed", bob.Id, Ct));
        Assert.Null(await Store.GetPermissionAsync(ResourceKind.RegisteredModel, "m", bob.Id, Ct));

        await Registry.DeleteRegisteredModelAsync("renamed", Ct);
        await Registry.CreateRegisteredModelAsync("renamed", null, [], Ct);
        Assert.Null(await Store.GetPermissionAsync(ResourceKind.RegisteredModel, "renamed", bob.Id, Ct));
    }

    [Fact]
    public async Task ExperimentPermissions_GoWhenTheExperimentIsPurged()
    {
        var experiment = await Tracking.CreateExperimentAsync("e", null, [], Ct);
        var bob = await Store.CreateUserAsync("bob", Hash, false, null, Ct);
        await Store.CreatePermissionAsync(ResourceKind.Experiment, experiment, "bob", Permission.Read, null, Ct);
        await Tracking.DeleteExperimentAsync(experiment, Ct);
        Assert.Equal(Permission.Read, await Store.GetPermissionAsync(ResourceKind.Experiment, experiment, bob.Id, Ct)); // kept while it can be restored

        Clock.Advance(TimeSpan.FromDays(1));
        await Tracking.PurgeDeletedAsync(0, Ct);

        Assert.Null(await Store.GetPermissionAsync(ResourceKind.Experiment, experiment, bob.Id, Ct));
    }

    // ---------------------------------------------------------------- searches

    [Fact]
    public async Task Searches_WithReadAccess_ShowOnlyReadableExperimentsModelsAndVersions()
    {
        var a = await Tracking.CreateExperimentAsync("a", null, [], Ct);
        var b = await Tracking.CreateExperimentAsync("b", null, [], Ct);
        foreach (var model in new[] { "ma", "mb" })
        {
            await Registry.CreateRegisteredModelAsync(model, null, [], Ct);
            await Registry.CreateModelVersionAsync(new ModelVersionCreation(model, "s3://b/" + model), Ct);
        }

        var bob = await Store.CreateUserAsync("bob", Hash, false, null, Ct);
        await Store.CreatePermissionAsync(ResourceKind.Experiment, a, "bob", Permission.Read, null, Ct);
        await Store.CreatePermissionAsync(ResourceKind.Experiment, b, "bob", Permission.NoPermissions, null, Ct);
        await Store.CreatePermissionAsync(ResourceKind.RegisteredModel, "ma", "bob", Permission.Edit, null, Ct);
        await Store.CreatePermissionAsync(ResourceKind.RegisteredModel, "mb", "bob", Permission.NoPermissions, null, Ct);

        foreach (var (defaultReadable, experiments) in new[] { (false, new[] { "a" }), (true, new[] { "Default", "a" }) })
        {
            var access = new ReadAccess(bob.Id, defaultReadable);
            var found = await Tracking.SearchExperimentsAsync(new ExperimentSearch { Readable = access, OrderBy = ["name ASC"] }, Ct);
            var models = await Registry.SearchRegisteredModelsAsync(new RegisteredModelSearch { Readable = access }, Ct);
            var versions = await Registry.SearchModelVersionsAsync(new ModelVersionSearch { Readable = access }, Ct);

            Assert.Equal(experiments, found.Items.Select(e => e.Name));
            Assert.Equal(["ma"], models.Items.Select(m => m.Name));
            Assert.Equal(["ma"], versions.Items.Select(v => v.Name));
        }

        Assert.Equal(3, (await Tracking.SearchExperimentsAsync(new ExperimentSearch(), Ct)).Items.Count);
    }

    // ---------------------------------------------------------------- audit

    [Fact]
    public async Task Audit_RecordsWhoWhenWhatAndOldToNew_ForUsersTokensPermissionsAliasesAndStages_WithoutSecrets()
    {
        var experiment = await Tracking.CreateExperimentAsync("e", null, [], Ct);
        await Registry.CreateRegisteredModelAsync("m", null, [], Ct);
        await Registry.CreateModelVersionAsync(new ModelVersionCreation("m", "s3://b/m"), Ct);
        await Registry.CreateModelVersionAsync(new ModelVersionCreation("m", "s3://b/m2"), Ct);
        var registry = ModelRegistries.ActingAs(Tracking, "carol");

        await Store.CreateUserAsync("bob", Hash, false, "admin", Ct);
        await Store.SetAdminAsync("bob", true, "admin", Ct);
        await Store.SetPasswordHashAsync("bob", Hash + "new", "bob", Ct);
        var token = await Store.CreateTokenAsync("bob", "ci", "token-hash", null, "bob", Ct);
        await Store.RevokeTokenAsync(token.Id, "admin", Ct);
        await Store.CreatePermissionAsync(ResourceKind.Experiment, experiment, "bob", Permission.Read, "admin", Ct);
        await Store.UpdatePermissionAsync(ResourceKind.Experiment, experiment, "bob", Permission.Edit, "admin", Ct);
        await Store.DeletePermissionAsync(ResourceKind.Experiment, experiment, "bob", "admin", Ct);
        await registry.SetAliasAsync("m", "champion", "1", null, Ct);
        await registry.SetAliasAsync("m", "champion", "2", null, Ct);
        await registry.DeleteAliasAsync("m", "champion", null, Ct);
        await registry.TransitionModelVersionStageAsync("m", "1", "Production", false, null, Ct);
        await Store.DeleteUserAsync("bob", "admin", Ct);

        var entries = (await Store.SearchAuditAsync(new AuditQuery(), Ct)).Items.Reverse().ToList();
        Assert.Equal(
        [
            ("admin", AuditActions.UserCreate, "user/bob", null, "user"),
            ("admin", AuditActions.UserAdmin, "user/bob", "false", "true"),
            ("bob", AuditActions.UserPassword, "user/bob", null, null),
            ("bob", AuditActions.TokenCreate, $"token/{token.Id} user/bob", null, "ci"),
            ("admin", AuditActions.TokenRevoke, $"token/{token.Id} user/bob", "active", "revoked"),
            ("admin", AuditActions.PermissionCreate, $"experiment/{experiment} user/bob", null, "READ"),
            ("admin", AuditActions.PermissionUpdate, $"experiment/{experiment} user/bob", "READ", "EDIT"),
            ("admin", AuditActions.PermissionDelete, $"experiment/{experiment} user/bob", "EDIT", null),
            ("carol", AuditActions.AliasSet, "registered_model/m alias/champion", null, "1"),
            ("carol", AuditActions.AliasSet, "registered_model/m alias/champion", "1", "2"),
            ("carol", AuditActions.AliasDelete, "registered_model/m alias/champion", "2", null),
            ("carol", AuditActions.StageTransition, "registered_model/m version/1", "None", "Production"),
            ("admin", AuditActions.UserDelete, "user/bob", null, null),
        ],
        entries.Select(e => (e.Actor, e.Action, e.Target, e.OldValue, e.NewValue)));
        Assert.All(entries, e => Assert.Equal(Clock.GetUtcNow(), e.Timestamp));
        Assert.DoesNotContain(entries, e => $"{e.OldValue}{e.NewValue}{e.Target}".Contains("pbkdf2", StringComparison.Ordinal) || $"{e.NewValue}".Contains("hash", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchAudit_FiltersByActionAndActor_AndPagesNewestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateUserAsync($"u{i}", Hash, false, i % 2 == 0 ? "admin" : "root", Ct);
        }

        await Store.SetAdminAsync("u0", true, "admin", Ct);

        var byAdmin = await Store.SearchAuditAsync(new AuditQuery { Actor = "admin", Action = AuditActions.UserCreate }, Ct);
        var first = await Store.SearchAuditAsync(new AuditQuery { MaxResults = 4 }, Ct);
        var second = await Store.SearchAuditAsync(new AuditQuery { MaxResults = 4, PageToken = first.NextPageToken }, Ct);

        Assert.Equal(["user/u4", "user/u2", "user/u0"], byAdmin.Items.Select(e => e.Target));
        Assert.Equal([AuditActions.UserAdmin, AuditActions.UserCreate, AuditActions.UserCreate, AuditActions.UserCreate], first.Items.Select(e => e.Action));
        Assert.Equal(["user/u1", "user/u0"], second.Items.Select(e => e.Target));
        Assert.Null(second.NextPageToken);
    }
}
