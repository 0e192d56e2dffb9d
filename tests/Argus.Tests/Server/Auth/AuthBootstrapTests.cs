using System.Net;
using System.Text.RegularExpressions;
using Argus.Core.Auth;
using Argus.Core.Errors;
using Argus.Server.Auth;
using Argus.Server.Hosting;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Server.Auth;

/// <summary>
/// The first administrator when a server with <c>--auth</c> starts on a database without users: from the options or
/// <c>$ARGUS_ADMIN_PASSWORD</c>, else a one-time password printed once. In the collection that owns the environment
/// variable, so no other test starts a server while it is set.
/// </summary>
[Collection(AuthEnvironmentCollection.Name)]
public sealed partial class AuthBootstrapTests : IDisposable
{
    private readonly TempDirectory _directory = new("argus-bootstrap");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task NoUserAndNoPassword_PrintsAOneTimePasswordOnce_ThatSignsInAsAnAdministrator()
    {
        var first = new StringWriter();
        string password;
        await using (var server = await StartAsync(first))
        {
            password = OneTimePassword().Match(first.ToString()).Groups[1].Value;
            Assert.Equal(24, password.Length);
            using var admin = Client(server, "admin", password);
            var me = await WireReply.ReadAsync(await admin.GetAsync("/api/2.0/argus/auth/me"));
            me.AssertOk();
            Assert.True(me.Json.GetProperty("user").GetProperty("is_admin").GetBoolean());
        }

        var second = new StringWriter();
        await using (var again = await StartAsync(second))
        {
            Assert.Equal(string.Empty, second.ToString());
            using var admin = Client(again, "admin", password);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/2.0/argus/users/list")).StatusCode);
        }
    }

    [Fact]
    public async Task EnvironmentVariable_CreatesAdminWithThatPassword_AndPrintsNothing()
    {
        var output = new StringWriter();
        Environment.SetEnvironmentVariable(AuthOptions.AdminPasswordVariable, "from-the-environment");
        try
        {
            await using var server = await StartAsync(output);
            using var admin = Client(server, "admin", "from-the-environment");
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/2.0/argus/users/list")).StatusCode);
            Assert.Equal(string.Empty, output.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(AuthOptions.AdminPasswordVariable, null);
        }
    }

    [Fact]
    public async Task TooShortAdminPassword_RefusesToStart()
    {
        var e = await Assert.ThrowsAsync<ArgusException>(() => StartAsync(new StringWriter(), "short"));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.DoesNotContain("short", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonLoopbackHostWithoutAuth_RefusesToStart_SayingHowToProceed()
    {
        var e = await Assert.ThrowsAsync<ArgusException>(() => ArgusServer.StartAsync(new ArgusServerOptions
        {
            Host = "0.0.0.0",
            Port = 0,
            BackendStoreUri = _directory.SqliteUri(),
        }));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("--auth", e.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure-no-auth", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("argus.db")), "The refusal comes before the database is opened.");
    }

    [Fact]
    public async Task NonLoopbackHostWithInsecureNoAuth_StartsOpen()
    {
        await using var server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Host = "0.0.0.0",
            Port = 0,
            BackendStoreUri = _directory.SqliteUri(),
            Scheduler = new Argus.Server.Pipelines.PipelineSchedulerOptions { Enabled = false },
            Auth = new AuthOptions { InsecureNoAuth = true },
        });
        using var client = new HttpClient { BaseAddress = server.Url };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/2.0/mlflow/experiments/get?experiment_id=0")).StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.5", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("argus.example.com", false)]
    public void IsLoopback_Host(string host, bool loopback) => Assert.Equal(loopback, AuthOptions.IsLoopback(host));

    [Fact]
    public void Validate_AuthAndInsecureNoAuthTogether_Refused() =>
        Assert.Contains("contradict", Assert.Throws<ArgusException>(() => new AuthOptions { Enabled = true, InsecureNoAuth = true }.Validate("127.0.0.1")).Message,
            StringComparison.Ordinal);

    private Task<RunningServer> StartAsync(TextWriter output, string? password = null) => ArgusServer.StartAsync(new ArgusServerOptions
    {
        Port = 0,
        BackendStoreUri = _directory.SqliteUri(),
        Scheduler = new Argus.Server.Pipelines.PipelineSchedulerOptions { Enabled = false },
        Auth = new AuthOptions { Enabled = true, AdminPassword = password, BootstrapOutput = output, PasswordIterations = PasswordHasher.MinimumIterations },
    });

    private static HttpClient Client(RunningServer server, string user, string password)
    {
        var client = new HttpClient { BaseAddress = server.Url };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    [GeneratedRegex("one-time password (\\S+) ")]
    private static partial Regex OneTimePassword();
}
