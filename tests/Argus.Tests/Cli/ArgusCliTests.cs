using System.Text.Json;
using Argus.Core.Tracking;
using Argus.Server.Hosting;

namespace Argus.Tests.Cli;

public sealed class ArgusCliTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task RunAsync_NoCommand_IsUsageError()
    {
        var result = await CliSandbox.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Required command was not provided.", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("See 'argus --help'.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_IsUsageErrorNamingIt()
    {
        var result = await _sandbox.RunWithStoreAsync("experiments", "list", "--colour", "blue");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--colour", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("See 'argus experiments list --help'.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RunsListWithoutExperiment_IsUsageError()
    {
        var result = await _sandbox.RunWithStoreAsync("runs", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--experiment", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadOutputFormat_IsUsageError()
    {
        var result = await _sandbox.RunWithStoreAsync("experiments", "list", "--output", "yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("yaml", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadView_IsUsageError()
    {
        var result = await _sandbox.RunWithStoreAsync("experiments", "list", "--view", "archived");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("archived", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_PrintsCommandsAndExitsZero()
    {
        var result = await CliSandbox.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "server", "experiments", "runs", "db", "gc" })
        {
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_UnsupportedTrackingUri_ExitsOneWithMessage()
    {
        var result = await CliSandbox.RunAsync("experiments", "list", "--tracking-uri", "ftp://example.com");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: Unsupported tracking URI 'ftp://example.com'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HttpTrackingUri_SameCommandsWorkThroughServer()
    {
        var ct = CancellationToken.None;
        await using var server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = _sandbox.TrackingUri,
            ArtifactsDestination = Path.Combine(_sandbox.Directory, "artifacts"),
        }, ct);
        var uri = server.Url.GetLeftPart(UriPartial.Authority);
        IReadOnlyList<string> runIds;
        await using (var remote = await TrackingStores.OpenAsync(uri, null, ct))
        {
            (_, runIds) = await RunSeeds.SeedAsync(remote, "fraud");
        }

        var created = await CliSandbox.RunAsync("experiments", "create", "remote", "--tag", "team=ops", "--tracking-uri", uri);
        var listed = await CliSandbox.RunAsync("experiments", "list", "--output", "json", "--tracking-uri", uri);
        var shown = await CliSandbox.RunAsync("experiments", "show", "remote", "--tracking-uri", uri);
        var renamed = await CliSandbox.RunAsync("experiments", "rename", "remote", "remote-2", "--tracking-uri", uri);
        var deleted = await CliSandbox.RunAsync("experiments", "delete", "remote-2", "--tracking-uri", uri);
        var restored = await CliSandbox.RunAsync("experiments", "restore", "remote-2", "--tracking-uri", uri);
        var runsTable = await CliSandbox.RunAsync("runs", "list", "-e", "fraud", "--filter", "metrics.rmse < 0.25", "--order-by", "metrics.rmse DESC", "--tracking-uri", uri);
        var runsJson = await CliSandbox.RunAsync("runs", "list", "-e", "fraud", "--order-by", "metrics.rmse ASC", "--output", "json", "--tracking-uri", uri);
        var runShown = await CliSandbox.RunAsync("runs", "show", runIds[0], "--tracking-uri", uri);
        var missing = await CliSandbox.RunAsync("experiments", "show", "missing", "--tracking-uri", uri);
        var gc = await CliSandbox.RunAsync("gc", "--tracking-uri", uri);

        Assert.Equal(0, created.ExitCode);
        Assert.Equal("Created experiment 'remote' with id 2", created.Stdout.Trim());
        using (var json = JsonDocument.Parse(listed.Stdout))
        {
            Assert.Equal(["remote", "fraud", "Default"], json.RootElement.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        }

        Assert.Matches(@"team\s+│\s+ops", shown.Stdout);
        Assert.Equal([0, 0, 0], new[] { renamed.ExitCode, deleted.ExitCode, restored.ExitCode });
        Assert.Contains("Restored experiment 2 ('remote-2')", restored.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, runsTable.ExitCode);
        var run2 = runsTable.Stdout.IndexOf(runIds[1], StringComparison.Ordinal);
        Assert.True(run2 >= 0 && runsTable.Stdout.IndexOf(runIds[0], StringComparison.Ordinal) > run2, runsTable.ToString());
        Assert.DoesNotContain(runIds[2], runsTable.Stdout, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(runsJson.Stdout))
        {
            Assert.Equal(runIds, json.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));
        }

        Assert.Matches(@"lr\s+│\s+0\.01", runShown.Stdout);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"error: No experiment with id or name 'missing' in {uri}.", missing.Stderr.Trim());
        Assert.Equal(1, gc.ExitCode);
        Assert.Contains("error: Permanent deletion needs direct database access", gc.Stderr, StringComparison.Ordinal);
    }
}
