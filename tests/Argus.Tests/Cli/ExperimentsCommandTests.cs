using System.Text.Json;

namespace Argus.Tests.Cli;

public sealed class ExperimentsCommandTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Create_WithTags_PrintsIdAndShowListsTags()
    {
        var created = await _sandbox.RunWithStoreAsync("experiments", "create", "fraud-detection", "--tag", "team=risk", "--tag", "owner=alice");

        Assert.Equal(0, created.ExitCode);
        Assert.Equal("Created experiment 'fraud-detection' with id 1", created.Stdout.Trim());

        var shown = await _sandbox.RunWithStoreAsync("experiments", "show", "fraud-detection", "--output", "json");
        Assert.Equal(0, shown.ExitCode);
        using var json = JsonDocument.Parse(shown.Stdout);
        var experiment = json.RootElement.GetProperty("experiment");
        Assert.Equal("1", experiment.GetProperty("experiment_id").GetString());
        Assert.Equal("fraud-detection", experiment.GetProperty("name").GetString());
        var tags = experiment.GetProperty("tags").EnumerateArray()
            .ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString());
        Assert.Equal("risk", tags["team"]);
        Assert.Equal("alice", tags["owner"]);
    }

    [Fact]
    public async Task Create_WithArtifactLocation_StoresIt()
    {
        var location = "file://" + Path.Combine(_sandbox.Directory, "elsewhere");

        var created = await _sandbox.RunWithStoreAsync("experiments", "create", "located", "--artifact-location", location);
        var shown = await _sandbox.RunWithStoreAsync("experiments", "show", "located");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains(location, shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ExistingName_ExitsOneWithMessage()
    {
        await _sandbox.RunWithStoreAsync("experiments", "create", "twice");

        var again = await _sandbox.RunWithStoreAsync("experiments", "create", "twice");

        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error: ", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("already exists", again.Stderr, StringComparison.Ordinal);
        Assert.Equal("", again.Stdout);
    }

    [Fact]
    public async Task Create_TagWithoutEquals_IsUsageError()
    {
        var result = await _sandbox.RunWithStoreAsync("experiments", "create", "x", "--tag", "team");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Invalid --tag 'team': expected key=value.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Table_ShowsEveryActiveExperiment()
    {
        await _sandbox.RunWithStoreAsync("experiments", "create", "alpha");
        await _sandbox.RunWithStoreAsync("experiments", "create", "beta");

        var result = await _sandbox.RunWithStoreAsync("experiments", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Name", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(" alpha ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(" beta ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(" Default ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 experiments", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_JsonWithFilterAndOrderBy_IsSearchExperimentsResponse()
    {
        await _sandbox.RunWithStoreAsync("experiments", "create", "fraud-a");
        await _sandbox.RunWithStoreAsync("experiments", "create", "churn");
        await _sandbox.RunWithStoreAsync("experiments", "create", "fraud-b");

        var result = await _sandbox.RunWithStoreAsync(
            "experiments", "list", "--filter", "name LIKE 'fraud%'", "--order-by", "name DESC", "--output", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var names = json.RootElement.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Equal(["fraud-b", "fraud-a"], names);
        Assert.False(json.RootElement.TryGetProperty("next_page_token", out _));
    }

    [Fact]
    public async Task List_MaxResults_PrintsPageTokenThatContinues()
    {
        await _sandbox.RunWithStoreAsync("experiments", "create", "a");
        await _sandbox.RunWithStoreAsync("experiments", "create", "b");

        var first = await _sandbox.RunWithStoreAsync("experiments", "list", "--order-by", "name ASC", "--max-results", "2", "--output", "json");
        using var firstJson = JsonDocument.Parse(first.Stdout);
        var token = firstJson.RootElement.GetProperty("next_page_token").GetString()!;
        var second = await _sandbox.RunWithStoreAsync("experiments", "list", "--order-by", "name ASC", "--max-results", "2", "--page-token", token, "--output", "json");

        using var secondJson = JsonDocument.Parse(second.Stdout);
        Assert.Equal(["Default", "a"], firstJson.RootElement.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(["b"], secondJson.RootElement.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Show_ById_PrintsDetailsTable()
    {
        await _sandbox.RunWithStoreAsync("experiments", "create", "by-id", "--tag", "team=risk");

        var result = await _sandbox.RunWithStoreAsync("experiments", "show", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("by-id", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("active", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"team\s+│\s+risk", result.Stdout);
    }

    [Fact]
    public async Task Show_UnknownExperiment_ExitsOneWithClearMessage()
    {
        var result = await _sandbox.RunWithStoreAsync("experiments", "show", "no-such-experiment");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: No experiment with id or name 'no-such-experiment' in {_sandbox.TrackingUri}.", result.Stderr.Trim());
        Assert.DoesNotContain(" at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_ThenShow_HasNewName()
    {
        await _sandbox.RunWithStoreAsync("experiments", "create", "old-name");

        var renamed = await _sandbox.RunWithStoreAsync("experiments", "rename", "1", "new-name");
        var byNewName = await _sandbox.RunWithStoreAsync("experiments", "show", "new-name", "--output", "json");
        var byOldName = await _sandbox.RunWithStoreAsync("experiments", "show", "old-name");

        Assert.Equal(0, renamed.ExitCode);
        Assert.Equal("Renamed experiment 1 from 'old-name' to 'new-name'", renamed.Stdout.Trim());
        using var json = JsonDocument.Parse(byNewName.Stdout);
        Assert.Equal("1", json.RootElement.GetProperty("experiment").GetProperty("experiment_id").GetString());
        Assert.Equal(1, byOldName.ExitCode);
    }

    [Fact]
    public async Task DeleteAndRestore_MoveExperimentBetweenViews()
    {
        await _sandbox.RunWithStoreAsync("experiments", "create", "short-lived");

        var deleted = await _sandbox.RunWithStoreAsync("experiments", "delete", "1");
        var activeAfterDelete = await ListNamesAsync("active");
        var deletedAfterDelete = await ListNamesAsync("deleted");
        var restored = await _sandbox.RunWithStoreAsync("experiments", "restore", "1");
        var activeAfterRestore = await ListNamesAsync("active");
        var deletedAfterRestore = await ListNamesAsync("deleted");

        Assert.Equal(0, deleted.ExitCode);
        Assert.Equal("Deleted experiment 1 ('short-lived')", deleted.Stdout.Trim());
        Assert.DoesNotContain("short-lived", activeAfterDelete);
        Assert.Equal(["short-lived"], deletedAfterDelete);
        Assert.Equal(0, restored.ExitCode);
        Assert.Contains("short-lived", activeAfterRestore);
        Assert.Empty(deletedAfterRestore);
    }

    [Fact]
    public async Task Delete_UnknownId_ExitsOne()
    {
        var result = await _sandbox.RunWithStoreAsync("experiments", "delete", "42");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No experiment with id or name '42'", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<List<string?>> ListNamesAsync(string view)
    {
        var result = await _sandbox.RunWithStoreAsync("experiments", "list", "--view", view, "--output", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.TryGetProperty("experiments", out var experiments)
            ? [.. experiments.EnumerateArray().Select(e => e.GetProperty("name").GetString())]
            : [];
    }
}
