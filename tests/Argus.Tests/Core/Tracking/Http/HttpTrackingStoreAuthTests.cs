using Argus.Core.Artifacts;
using Argus.Core.Auth;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Http;
using Argus.Tests.Server;
using Argus.Tests.Server.Auth;

namespace Argus.Tests.Core.Tracking.Http;

/// <summary>
/// The HTTP client against a server with <c>--auth</c>: credentials as MLflow clients send them (basic with a password
/// or a token, bearer), proxied artifacts included; no credentials is UNAUTHENTICATED; the registry records the
/// authenticated user, not the one the client names; user administration goes through the REST API.
/// </summary>
public sealed class HttpTrackingStoreAuthTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Credentials_BasicPasswordBasicTokenAndBearer_AllWork_NoneIsUnauthenticated()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice", "alice-password");
        var token = (await server.Users.CreateTokenAsync("alice", "ci", null, Ct)).Secret;

        foreach (var credentials in new[] { new TrackingCredentials("alice", "alice-password"), new TrackingCredentials("alice", token), new TrackingCredentials(Token: token) })
        {
            await using var store = Open(server, credentials);
            var id = await store.CreateExperimentAsync(ServerFixture.UniqueName("client"), null, [], Ct);
            Assert.NotNull(await store.GetExperimentAsync(id, Ct));
        }

        await using var anonymous = Open(server, TrackingCredentials.None);
        var e = await Assert.ThrowsAsync<ArgusException>(() => anonymous.GetExperimentAsync("0", Ct));
        Assert.Equal(ErrorCode.Unauthenticated, e.Code);
    }

    [Fact]
    public async Task ProxiedArtifacts_CarryTheCredentials()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice", "alice-password");
        await using var store = Open(server, new TrackingCredentials("alice", "alice-password"));
        var experiment = await store.CreateExperimentAsync("with-artifacts", null, [], Ct);
        var run = await store.CreateRunAsync(new RunCreation { ExperimentId = experiment }, Ct);
        var repository = ArtifactRepositories.For(run.Info.ArtifactUri, store);

        await repository.WriteAsync("note.txt", new MemoryStream("hello"u8.ToArray()), null, Ct);

        await using var read = await repository.OpenReadAsync("note.txt", Ct);
        Assert.Equal("hello", await new StreamReader(read).ReadToEndAsync(Ct));
        await using var anonymous = Open(server, TrackingCredentials.None);
        var e = await Assert.ThrowsAsync<ArgusException>(() => ArtifactRepositories.For(run.Info.ArtifactUri, anonymous).OpenReadAsync("note.txt", Ct));
        Assert.Equal(ErrorCode.Unauthenticated, e.Code);
    }

    [Fact]
    public async Task RegistryChanges_RecordTheAuthenticatedUser_NotTheOneTheClientNames()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice", "alice-password");
        await using var store = new HttpTrackingStore(server.BaseAddress, new TrackingStoreOptions
        {
            UserId = "mallory",
            Credentials = new TrackingCredentials("alice", "alice-password"),
        });
        var registry = ModelRegistries.For(store);
        await registry.CreateRegisteredModelAsync("tips", null, [], Ct);
        await registry.CreateModelVersionAsync(new ModelVersionCreation("tips", "s3://b/tips"), Ct);

        await registry.SetAliasAsync("tips", "champion", "1", "first", Ct);

        var history = await registry.GetHistoryAsync("tips", 10, null, Ct);
        Assert.Equal("alice", Assert.Single(history.Items).UserId);
        Assert.Equal("alice", (await registry.GetRegisteredModelAsync("tips", Ct)).UserId);
    }

    [Fact]
    public async Task UserAdministration_ThroughTheRestApi_AsAnAdministrator()
    {
        await using var server = await AuthServer.StartAsync();
        await using var store = Open(server, new TrackingCredentials("admin", AuthServer.AdminPassword));
        var admin = UserAdministration.For(store);
        var experiment = await store.CreateExperimentAsync("shared", null, [], Ct);

        await admin.CreateUserAsync("bob", "bob-password", isAdmin: true, Ct);
        await admin.SetAdminAsync("bob", false, Ct);
        await admin.GrantAsync(ResourceKind.Experiment, experiment, "bob", Permission.Read, Ct);
        await admin.GrantAsync(ResourceKind.Experiment, experiment, "bob", Permission.Edit, Ct);
        var token = await admin.CreateTokenAsync("bob", "ci", null, Ct);

        var bob = await admin.GetUserAsync("bob", Ct);
        Assert.False(bob.User.IsAdmin);
        Assert.Equal((ResourceKind.Experiment, experiment, Permission.Edit), bob.Permissions.Select(p => (p.Kind, p.Resource, p.Permission)).Single());
        Assert.Equal(["admin", "bob"], (await admin.ListUsersAsync(Ct)).Select(u => u.Name));
        Assert.Equal("ci", Assert.Single(await admin.ListTokensAsync("bob", Ct)).Name);
        Assert.True(Secrets.LooksLikeToken(token.Secret));

        await admin.RevokeTokenAsync(token.Token.Id, Ct);
        await admin.RevokeAsync(ResourceKind.Experiment, experiment, "bob", Ct);
        await admin.SetPasswordAsync("bob", "bob-password-2", Ct);

        Assert.NotNull(Assert.Single(await admin.ListTokensAsync("bob", Ct)).RevokedAt);
        Assert.Empty((await admin.GetUserAsync("bob", Ct)).Permissions);
        var audit = await admin.SearchAuditAsync(new AuditQuery { Actor = "admin" }, Ct);
        Assert.Contains(audit.Items, e => e.Action == AuditActions.PermissionUpdate && e.OldValue == "READ" && e.NewValue == "EDIT");
        await admin.DeleteUserAsync("bob", Ct);
        Assert.Equal(["admin"], (await admin.ListUsersAsync(Ct)).Select(u => u.Name));
    }

    [Fact]
    public void Header_BasicWhenUserAndPasswordAreSet_ElseBearer_ElseNone()
    {
        Assert.Equal("Basic", new TrackingCredentials("u", "p", "t").Header()!.Scheme);
        Assert.Equal("Bearer", new TrackingCredentials("u", null, "t").Header()!.Scheme);
        Assert.Null(new TrackingCredentials("u").Header());
        Assert.DoesNotContain("secret", new TrackingCredentials("u", "secret", "secret").ToString(), StringComparison.Ordinal);
    }

    private static HttpTrackingStore Open(AuthServer server, TrackingCredentials credentials) =>
        new(server.BaseAddress, new TrackingStoreOptions { Credentials = credentials });
}
