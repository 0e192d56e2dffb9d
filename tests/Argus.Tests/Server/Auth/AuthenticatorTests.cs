using System.Net;
using System.Text;
using System.Text.Json;
using Argus.Core.Auth;
using Argus.Tests.Core.Inference;

namespace Argus.Tests.Server.Auth;

/// <summary>
/// Who a request is from, over real HTTP: basic auth with a password or an API token, bearer tokens (expired and revoked
/// ones refused), the UI's session cookie with its CSRF header, the 401 challenge, and the sign-in rate limit.
/// </summary>
public sealed class AuthenticatorTests
{
    private const string Api = ServerFixture.Api;
    private const string Argus = "/api/2.0/argus";
    private const string Password = "password-123";

    /// <summary>A route any signed-in user may call (READ on the Default experiment, the default permission).</summary>
    private const string Protected = Api + "/experiments/get?experiment_id=0";

    [Fact]
    public async Task ProtectedRoute_NoCredentials_401WithBasicChallengeInMlflowShape()
    {
        await using var server = await AuthServer.StartAsync();
        using var response = await server.Anonymous().GetAsync(Api + "/experiments/get?experiment_id=0");

        var reply = await WireReply.ReadAsync(response);
        reply.AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal("Basic realm=\"argus\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task ProtectedRoute_FromTheWebUi_401WithoutChallengeSoNoBrowserPrompt()
    {
        await using var server = await AuthServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Api + "/experiments/get?experiment_id=0");
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        using var response = await server.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Me_TellsTheUiWhetherSignInIsNeededAndWhoIsSignedIn_WithoutA401()
    {
        await using var server = await AuthServer.StartAsync();
        await using var open = await ServerFixture.StartAsync(o => o);

        var nobody = await AuthServer.GetAsync(server.Anonymous(), Argus + "/auth/me");
        var wrong = await AuthServer.GetAsync(server.Client("admin", "wrong-password"), Argus + "/auth/me");
        var admin = await AuthServer.GetAsync(server.Admin, Argus + "/auth/me");
        var withoutAuth = await open.GetAsync(Argus + "/auth/me");

        nobody.AssertOk();
        Assert.True(nobody.Json.GetProperty("auth_enabled").GetBoolean());
        Assert.False(nobody.Json.TryGetProperty("user", out _));
        wrong.AssertOk();
        Assert.False(wrong.Json.TryGetProperty("user", out _));
        Assert.Equal("admin", admin.Json.GetProperty("user").GetProperty("username").GetString());
        Assert.True(admin.Json.GetProperty("user").GetProperty("is_admin").GetBoolean());
        Assert.False(withoutAuth.Json.GetProperty("auth_enabled").GetBoolean());
    }

    [Fact]
    public async Task Basic_RightAndWrongPasswordAndUnknownUser()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice");

        (await AuthServer.GetAsync(server.Client("alice", Password), Api + "/experiments/get?experiment_id=0")).AssertOk();
        (await AuthServer.GetAsync(server.Client("alice", "wrong-password"), Api + "/experiments/get?experiment_id=0")).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        (await AuthServer.GetAsync(server.Client("nobody", Password), Api + "/experiments/get?experiment_id=0")).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Basic_TokenAsPassword_WorksOnlyForItsOwner()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice");
        await server.UserAsync("bob");
        var token = (await server.Users.CreateTokenAsync("alice", "ci", null, CancellationToken.None)).Secret;

        (await AuthServer.GetAsync(server.Client("alice", token), Api + "/experiments/get?experiment_id=0")).AssertOk();
        (await AuthServer.GetAsync(server.Client("bob", token), Api + "/experiments/get?experiment_id=0")).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Bearer_ActiveToken_AuthenticatesAndRecordsLastUse()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice");
        var created = await server.Users.CreateTokenAsync("alice", "ci", null, CancellationToken.None);

        var me = await AuthServer.GetAsync(server.Bearer(created.Secret), Argus + "/auth/me");

        me.AssertOk();
        Assert.Equal("alice", me.Json.GetProperty("user").GetProperty("username").GetString());
        Assert.False(me.Json.TryGetProperty("csrf_token", out _)); // only sessions have one
        Assert.NotNull((await AuthStores.For(server.Store).GetTokenAsync(created.Token.Id, CancellationToken.None)).LastUsedAt);
        (await AuthServer.GetAsync(server.Bearer(created.Secret + "x"), Protected)).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Bearer_RevokedToken_Refused()
    {
        await using var server = await AuthServer.StartAsync();
        var alice = await server.UserAsync("alice");
        var created = await AuthServer.PostAsync(alice, Argus + "/tokens/create", """{"name":"laptop"}""");
        created.AssertOk();
        var token = created.Json.GetProperty("token").GetString()!;
        var id = created.Json.GetProperty("token_info").GetProperty("id").GetInt64();
        (await AuthServer.GetAsync(server.Bearer(token), Protected)).AssertOk();

        (await AuthServer.PostAsync(alice, Argus + "/tokens/revoke", $$"""{"id":{{id}}}""")).AssertOk();

        var refused = await AuthServer.GetAsync(server.Bearer(token), Protected);
        refused.AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        refused.AssertMessageContains("revoked");
    }

    [Fact]
    public async Task Bearer_TokenPastItsExpiry_Refused()
    {
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await AuthServer.StartAsync(a => a with { TimeProvider = clock });
        var alice = await server.UserAsync("alice");
        var expires = clock.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds();
        var created = await AuthServer.PostAsync(alice, Argus + "/tokens/create", $$"""{"name":"short","expiration_time":{{expires}}}""");
        created.AssertOk();
        var token = created.Json.GetProperty("token").GetString()!;
        (await AuthServer.GetAsync(server.Bearer(token), Protected)).AssertOk();

        clock.Advance(TimeSpan.FromHours(1));

        var refused = await AuthServer.GetAsync(server.Bearer(token), Protected);
        refused.AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        refused.AssertMessageContains("expired");
    }

    [Fact]
    public async Task Tokens_ListShowsNoSecretAndSomeoneElsesTokenCannotBeRevoked()
    {
        await using var server = await AuthServer.StartAsync();
        var alice = await server.UserAsync("alice");
        var bob = await server.UserAsync("bob");
        var created = await AuthServer.PostAsync(alice, Argus + "/tokens/create", """{"name":"laptop"}""");
        var secret = created.Json.GetProperty("token").GetString()!;
        var id = created.Json.GetProperty("token_info").GetProperty("id").GetInt64();

        var listed = await AuthServer.GetAsync(alice, Argus + "/tokens/list");
        var revokedByBob = await AuthServer.PostAsync(bob, Argus + "/tokens/revoke", $$"""{"id":{{id}}}""");
        var bobListsAlice = await AuthServer.GetAsync(bob, Argus + "/tokens/list?username=alice");

        listed.AssertOk();
        Assert.Equal("laptop", Assert.Single(listed.Json.GetProperty("tokens").EnumerateArray()).GetProperty("name").GetString());
        Assert.DoesNotContain(secret, listed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secrets.Sha256(secret), listed.Text, StringComparison.Ordinal);
        revokedByBob.AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        bobListsAlice.AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        (await AuthServer.GetAsync(server.Bearer(secret), Protected)).AssertOk();
    }

    [Fact]
    public async Task Login_SetsAHttpOnlyStrictSessionCookie_AndMeNamesTheUserWithItsCsrfToken()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice");
        using var browser = new Browserish(server);

        var (response, login) = await browser.LoginAsync("alice", Password);

        login.AssertOk();
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("argus_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", string.Empty, StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase); // plain HTTP
        var csrf = login.Json.GetProperty("csrf_token").GetString();
        Assert.False(string.IsNullOrEmpty(csrf));
        var me = await browser.GetAsync(Argus + "/auth/me");
        me.AssertOk();
        Assert.Equal("alice", me.Json.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal(csrf, me.Json.GetProperty("csrf_token").GetString());
    }

    [Fact]
    public async Task Cookie_ChangeWithoutCsrfHeader_403_WithWrongHeader_403_WithTheToken_Allowed()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice");
        using var browser = new Browserish(server);
        var (_, login) = await browser.LoginAsync("alice", Password);
        var csrf = login.Json.GetProperty("csrf_token").GetString()!;
        var body = $$"""{"name":{{JsonSerializer.Serialize(ServerFixture.UniqueName("csrf"))}}}""";

        var none = await browser.PostAsync(Api + "/experiments/create", body, csrf: null);
        var wrong = await browser.PostAsync(Api + "/experiments/create", body, csrf: csrf[..^2] + "xx");
        var read = await browser.GetAsync(Api + "/experiments/get?experiment_id=0");
        var right = await browser.PostAsync(Api + "/experiments/create", body, csrf);

        none.AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        none.AssertMessageContains("CSRF");
        wrong.AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        read.AssertOk();
        right.AssertOk();
    }

    [Fact]
    public async Task Logout_EndsTheSessionOnTheServer()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice");
        using var browser = new Browserish(server);
        var (_, login) = await browser.LoginAsync("alice", Password);
        var cookie = browser.SessionCookie!;

        (await browser.PostAsync(Argus + "/auth/logout", "{}", login.Json.GetProperty("csrf_token").GetString())).AssertOk();

        using var replay = new Browserish(server) { SessionCookie = cookie };
        (await replay.GetAsync(Protected)).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Session_PastItsLifetime_Refused()
    {
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await AuthServer.StartAsync(a => a with { TimeProvider = clock, SessionLifetime = TimeSpan.FromHours(1) });
        await server.UserAsync("alice");
        using var browser = new Browserish(server);
        await browser.LoginAsync("alice", Password);
        (await browser.GetAsync(Protected)).AssertOk();

        clock.Advance(TimeSpan.FromHours(1));

        (await browser.GetAsync(Protected)).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Login_TooManyFailuresForOneUser_429WithRetryAfter_UntilTheWindowEnds()
    {
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await AuthServer.StartAsync(a => a with { TimeProvider = clock, MaxFailedLoginsPerUser = 3, LoginWindow = TimeSpan.FromMinutes(5) });
        await server.UserAsync("alice");
        using var browser = new Browserish(server);
        for (var i = 0; i < 3; i++)
        {
            (await browser.LoginAsync("alice", "wrong-password")).Reply.AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        var (limited, reply) = await browser.LoginAsync("alice", Password);
        var basicToo = await server.Client("alice", Password).GetAsync(Api + "/experiments/get?experiment_id=0");
        clock.Advance(TimeSpan.FromMinutes(5));
        var (_, after) = await browser.LoginAsync("alice", Password);

        reply.AssertError(HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED");
        Assert.Equal(TimeSpan.FromMinutes(5), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, basicToo.StatusCode);
        after.AssertOk();
    }

    [Fact]
    public async Task Throttled_AClientWhosePasswordWasJustVerified_KeepsWorking()
    {
        await using var server = await AuthServer.StartAsync(a => a with { MaxFailedLoginsPerUser = 2 });
        var alice = await server.UserAsync("alice");
        (await AuthServer.GetAsync(alice, Protected)).AssertOk();
        for (var i = 0; i < 2; i++)
        {
            (await AuthServer.GetAsync(server.Client("alice", "wrong-password"), Protected)).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        (await AuthServer.GetAsync(alice, Protected)).AssertOk();
        (await AuthServer.GetAsync(server.Client("alice", "another-guess"), Protected)).AssertError(HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task Basic_TooManyFailuresFromOneAddress_429EvenForOtherNames()
    {
        await using var server = await AuthServer.StartAsync(a => a with { MaxFailedLoginsPerAddress = 3 });
        await server.UserAsync("alice");
        foreach (var name in new[] { "x1", "x2", "x3" })
        {
            (await AuthServer.GetAsync(server.Client(name, "wrong-password"), Protected)).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        (await AuthServer.GetAsync(server.Client("alice", Password), Protected)).AssertError(HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task PasswordChange_OldPasswordStopsWorkingAtOnceDespiteTheCache()
    {
        await using var server = await AuthServer.StartAsync();
        var alice = await server.UserAsync("alice");
        (await AuthServer.GetAsync(alice, Protected)).AssertOk(); // verified and cached

        (await AuthServer.SendAsync(alice, HttpMethod.Patch, Api + "/users/update-password", """{"username":"alice","password":"new-password-456"}""")).AssertOk();

        (await AuthServer.GetAsync(alice, Protected)).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        (await AuthServer.GetAsync(server.Client("alice", "new-password-456"), Protected)).AssertOk();
    }

    [Fact]
    public async Task DeletedUser_TheirPasswordAndTokensStopWorking()
    {
        await using var server = await AuthServer.StartAsync();
        var alice = await server.UserAsync("alice");
        var token = (await server.Users.CreateTokenAsync("alice", "ci", null, CancellationToken.None)).Secret;
        (await AuthServer.GetAsync(alice, Protected)).AssertOk();

        (await AuthServer.SendAsync(server.Admin, HttpMethod.Delete, Api + "/users/delete", """{"username":"alice"}""")).AssertOk();

        (await AuthServer.GetAsync(alice, Protected)).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        (await AuthServer.GetAsync(server.Bearer(token), Protected)).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task CrossSiteBrowserRequest_ThatChangesSomething_403()
    {
        await using var server = await AuthServer.StartAsync();
        var alice = await server.UserAsync("alice");

        var reply = await AuthServer.SendAsync(alice, HttpMethod.Post, Api + "/experiments/create", """{"name":"cross"}""",
            r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));

        reply.AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task OpenRoutes_AnswerWithoutCredentials_AndMetricsToo_OnLoopback()
    {
        await using var server = await AuthServer.StartAsync();
        var anonymous = server.Anonymous();

        Assert.Equal("OK", await anonymous.GetStringAsync("/health"));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/version")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/experiments")).StatusCode); // the UI's page, to sign in from
    }

    [Fact]
    public async Task Metrics_OnAServerReachableFromTheNetwork_NeedAUser()
    {
        await using var server = await AuthServer.StartAsync(configure: o => o with { Host = "0.0.0.0" });
        var alice = await server.UserAsync("alice");

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/metrics")).StatusCode);
        Assert.Equal("OK", await server.Anonymous().GetStringAsync("/health"));
    }

    /// <summary>A cookie-keeping client, as a browser: signs in on the login route and sends the session cookie back.</summary>
    private sealed class Browserish(AuthServer server) : IDisposable
    {
        private readonly HttpClient _client = new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.BaseAddress };

        public string? SessionCookie { get; set; }

        public async Task<(HttpResponseMessage Response, WireReply Reply)> LoginAsync(string user, string password)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Argus + "/auth/login")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { username = user, password }), Encoding.UTF8, "application/json"),
            };
            var response = await _client.SendAsync(request);
            var reply = await WireReply.ReadAsync(response);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                SessionCookie = cookies.First().Split(';')[0];
            }

            return (response, reply);
        }

        public Task<WireReply> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, null);

        public Task<WireReply> PostAsync(string path, string json, string? csrf) => SendAsync(HttpMethod.Post, path, json, csrf);

        public void Dispose() => _client.Dispose();

        private async Task<WireReply> SendAsync(HttpMethod method, string path, string? json, string? csrf)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            if (SessionCookie is not null)
            {
                request.Headers.Add("Cookie", SessionCookie);
            }

            if (csrf is not null)
            {
                request.Headers.Add("X-Argus-CSRF", csrf);
            }

            using var response = await _client.SendAsync(request);
            return await WireReply.ReadAsync(response);
        }
    }
}
