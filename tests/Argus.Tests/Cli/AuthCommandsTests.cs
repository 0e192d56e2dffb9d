using System.Text.RegularExpressions;
using Argus.Cli;
using Argus.Core.Auth;
using Argus.Tests.Server.Auth;

namespace Argus.Tests.Cli;

/// <summary>
/// <c>argus users|tokens|permissions</c> over a database and over a server's REST API, and <c>argus server</c>'s
/// authentication options. In the collection that owns the credential environment variables.
/// </summary>
[Collection(AuthEnvironmentCollection.Name)]
public sealed partial class AuthCommandsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task OverTheDatabase_UsersTokensAndPermissions_FromCreationToDeletion()
    {
        await Ok("users", "create", "alice", "--password", "alice-password", "--admin");
        await Ok("users", "create", "bob", "--password", "bob-password");
        var list = await Ok("users", "list");
        var token = await Ok("tokens", "create", "--user", "bob", "--name", "ci", "--expires-in", "30d");
        var tokens = await Ok("tokens", "list", "--user", "bob");
        var granted = await Ok("permissions", "grant", "--experiment", "Default", "--user", "bob", "--permission", "edit");
        var permissions = await Ok("permissions", "list", "--user", "bob");

        Assert.Contains("alice", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 users", list.Stdout, StringComparison.Ordinal);
        Assert.Matches("^argus_[A-Za-z0-9_-]{43}$", token.Stdout.Trim());
        Assert.Contains("not shown again", token.Stderr, StringComparison.Ordinal);
        Assert.Contains("ci", tokens.Stdout, StringComparison.Ordinal);
        Assert.Contains("active", tokens.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Stdout.Trim(), tokens.Stdout, StringComparison.Ordinal);
        Assert.Equal("'bob' has EDIT on experiment 'Default' (0)", granted.Stdout.Trim());
        Assert.Contains("EDIT", permissions.Stdout, StringComparison.Ordinal);

        await Ok("tokens", "revoke", "1");
        await Ok("permissions", "revoke", "--experiment", "0", "--user", "bob");
        await Ok("users", "set-admin", "alice", "false");
        await Ok("users", "set-password", "bob", "--password", "bob-password-2");
        await Ok("users", "delete", "bob");

        await using var store = await _sandbox.OpenStoreAsync();
        var auth = AuthStores.For(store);
        Assert.Equal(["alice"], (await auth.ListUsersAsync(CancellationToken.None)).Select(u => u.Name));
        Assert.False((await auth.FindUserAsync("alice", CancellationToken.None))!.IsAdmin);
        var audit = await auth.SearchAuditAsync(new AuditQuery { Action = AuditActions.PermissionCreate }, CancellationToken.None);
        Assert.Equal(Environment.UserName, Assert.Single(audit.Items).Actor);
    }

    [Fact]
    public async Task Errors_MissingPasswordOrTarget_ExitOneWithTheReason()
    {
        var noPassword = await _sandbox.RunWithStoreAsync("users", "create", "carol");
        var bothTargets = await _sandbox.RunWithStoreAsync("permissions", "grant", "--experiment", "0", "--model", "m", "--user", "carol", "--permission", "READ");
        var shortPassword = await _sandbox.RunWithStoreAsync("users", "create", "carol", "--password", "short");

        Assert.Equal(1, noPassword.ExitCode);
        Assert.Contains("--password-stdin", noPassword.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, bothTargets.ExitCode);
        Assert.Contains("exactly one of --experiment or --model", bothTargets.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, shortPassword.ExitCode);
        Assert.DoesNotContain("short", shortPassword.Stderr.Replace("--password", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverHttp_WithCredentialsFromTheEnvironment_TheServerDecides()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("bob", "bob-password");
        var uri = server.BaseAddress.AbsoluteUri;

        var asAdmin = await WithCredentialsAsync("admin", AuthServer.AdminPassword, async () => (
            await CliSandbox.RunAsync("users", "create", "carol", "--password", "carol-password", "--tracking-uri", uri),
            await CliSandbox.RunAsync("permissions", "grant", "--model", "nothing", "--user", "carol", "--permission", "READ", "--tracking-uri", uri),
            await CliSandbox.RunAsync("users", "list", "--tracking-uri", uri)));
        var asBob = await WithCredentialsAsync("bob", "bob-password", async () => (
            await CliSandbox.RunAsync("users", "create", "dave", "--password", "dave-password", "--tracking-uri", uri),
            await CliSandbox.RunAsync("tokens", "create", "--name", "laptop", "--tracking-uri", uri),
            await CliSandbox.RunAsync("tokens", "list", "--tracking-uri", uri)));
        var anonymous = await CliSandbox.RunAsync("users", "list", "--tracking-uri", uri);

        Assert.Equal(0, asAdmin.Item1.ExitCode);
        Assert.Equal(1, asAdmin.Item2.ExitCode); // no such model
        Assert.Contains("carol", asAdmin.Item3.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, asBob.Item1.ExitCode);
        Assert.Contains("Permission denied", asBob.Item1.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, asBob.Item2.ExitCode);
        Assert.StartsWith("argus_", asBob.Item2.Stdout, StringComparison.Ordinal);
        Assert.Contains("laptop", asBob.Item3.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, anonymous.ExitCode);
        Assert.Contains("Authentication required", anonymous.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_NonLoopbackHostWithoutAuth_ExitsOneSayingWhatToDo()
    {
        var result = await CliSandbox.RunAsync("server", "--host", "0.0.0.0", "--port", "0", "--backend-store-uri", _sandbox.TrackingUri);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--auth", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--insecure-no-auth", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_WithAuth_PrintsTheOneTimeAdminPasswordBeforeItsUrl_ThenRequiresSignIn()
    {
        using var stdout = new LineWaitingWriter();
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => ArgusCli.RunAsync(
            ["server", "--auth", "--default-permission", "NO_PERMISSIONS", "--no-scheduler", "--port", "0", "--backend-store-uri", _sandbox.TrackingUri],
            stdout, stderr, stop.Token));

        var printed = stdout.WaitForLineAsync(static l => l.StartsWith("Argus tracking server: ", StringComparison.Ordinal));
        Assert.True(await Task.WhenAny(printed, server).WaitAsync(Timeout) == printed, $"The server exited before printing its URL: {stderr}");
        var url = new Uri((await printed)["Argus tracking server: ".Length..]);
        var password = OneTimePassword().Match(stdout.ToString()).Groups[1].Value;
        using var http = new HttpClient { BaseAddress = url, Timeout = Timeout };
        var anonymous = await http.GetAsync(new Uri("/api/2.0/mlflow/experiments/get?experiment_id=0", UriKind.Relative));
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"admin:{password}")));
        var admin = await http.GetAsync(new Uri("/api/2.0/mlflow/experiments/get?experiment_id=0", UriKind.Relative));
        await stop.CancelAsync();

        Assert.Equal(0, await server.WaitAsync(Timeout));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, admin.StatusCode);
        Assert.DoesNotContain(password, stderr.ToString(), StringComparison.Ordinal);
    }

    private async Task<CliResult> Ok(params string[] args)
    {
        var result = await _sandbox.RunWithStoreAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static async Task<T> WithCredentialsAsync<T>(string user, string password, Func<Task<T>> body)
    {
        Environment.SetEnvironmentVariable("ARGUS_TRACKING_USERNAME", user);
        Environment.SetEnvironmentVariable("ARGUS_TRACKING_PASSWORD", password);
        try
        {
            return await body();
        }
        finally
        {
            Environment.SetEnvironmentVariable("ARGUS_TRACKING_USERNAME", null);
            Environment.SetEnvironmentVariable("ARGUS_TRACKING_PASSWORD", null);
        }
    }

    [GeneratedRegex("one-time password (\\S+) ")]
    private static partial Regex OneTimePassword();
}
