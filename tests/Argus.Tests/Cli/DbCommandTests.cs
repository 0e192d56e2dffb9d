using Argus.Core.Tracking.Sql;

namespace Argus.Tests.Cli;

public sealed class DbCommandTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Upgrade_FreshFile_CreatesSchemaAtLatestVersion()
    {
        Assert.False(File.Exists(_sandbox.DatabasePath));

        var result = await CliSandbox.RunAsync("db", "upgrade", _sandbox.TrackingUri);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{_sandbox.TrackingUri}: schema at version {SchemaMigrations.Latest} (created)", result.Stdout.Trim());
        Assert.True(SchemaMigrations.Latest > 0);
        Assert.True(File.Exists(_sandbox.DatabasePath));
    }

    [Fact]
    public async Task Upgrade_CurrentDatabase_ReportsUpToDate()
    {
        await CliSandbox.RunAsync("db", "upgrade", _sandbox.TrackingUri);

        var again = await CliSandbox.RunAsync("db", "upgrade", _sandbox.TrackingUri);

        Assert.Equal(0, again.ExitCode);
        Assert.Equal($"{_sandbox.TrackingUri}: schema at version {SchemaMigrations.Latest} (already up to date)", again.Stdout.Trim());
    }

    [Fact]
    public async Task Upgrade_UpgradedDatabase_IsUsableByOtherCommands()
    {
        await CliSandbox.RunAsync("db", "upgrade", _sandbox.TrackingUri);

        var created = await _sandbox.RunWithStoreAsync("experiments", "create", "after-upgrade");

        Assert.Equal(0, created.ExitCode);
    }

    [Fact]
    public async Task Upgrade_HttpUri_ExitsOneSayingItNeedsADatabase()
    {
        var result = await CliSandbox.RunAsync("db", "upgrade", "http://127.0.0.1:1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a database URI", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrade_WithoutUri_IsUsageError()
    {
        var result = await CliSandbox.RunAsync("db", "upgrade");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("argus db upgrade --help", result.Stderr, StringComparison.Ordinal);
    }
}
