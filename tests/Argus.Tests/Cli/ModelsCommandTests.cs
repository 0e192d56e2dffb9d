using Argus.Core.Registry;
using Argus.Tests.Core.Data;

namespace Argus.Tests.Cli;

public sealed class ModelsCommandTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly CliSandbox _sandbox = new();
    private string _shallowRun = null!;
    private string _deepRun = null!;

    public async Task InitializeAsync()
    {
        _shallowRun = await TrainAsync("max_depth=1", "8");
        _deepRun = await TrainAsync("max_depth=4", "60");
    }

    public Task DisposeAsync()
    {
        _sandbox.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> TrainAsync(string parameter, string rounds)
    {
        var result = await _sandbox.RunWithStoreAsync("train", "--data", DataFixtures.TipsPath, "--target", "tip", "-p", parameter, "--rounds", rounds, "--early-stopping", "0");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Split(' ')[1];
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        var result = await _sandbox.RunWithStoreAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private async Task<Dictionary<string, string>> AliasesAsync()
    {
        await using var store = await _sandbox.OpenStoreAsync();
        var model = await ModelRegistries.For(store).GetRegisteredModelAsync("tips", Ct);
        return model.Aliases.ToDictionary(a => a.Alias, a => a.Version);
    }

    [Fact]
    public async Task RegisterPromoteRollback_TheChampionChallengerFlow()
    {
        Assert.Equal("Registered tips version 1 (run " + _shallowRun + ")", (await RunAsync("models", "register", "--run", _shallowRun, "--name", "tips")).Stdout.Trim());
        Assert.StartsWith("Registered tips version 2", (await RunAsync("models", "register", "--run", _deepRun, "--name", "tips")).Stdout, StringComparison.Ordinal);

        var first = await RunAsync("models", "promote", "tips", "--candidate", "1");
        Assert.Contains("promoted outright", first.Stdout, StringComparison.Ordinal);

        // Without an evaluation of the pair, promotion says how to get one.
        var unevaluated = await _sandbox.RunWithStoreAsync("models", "promote", "tips", "--candidate", "2");
        Assert.Equal(1, unevaluated.ExitCode);
        Assert.Contains("argus models evaluate tips --candidate 2", unevaluated.Stderr, StringComparison.Ordinal);

        var evaluation = await RunAsync("models", "evaluate", "tips", "--candidate", "2", "--data", DataFixtures.TipsPath);
        Assert.Contains("candidate (v2)", evaluation.Stdout, StringComparison.Ordinal);
        Assert.Contains("baseline (v1)", evaluation.Stdout, StringComparison.Ordinal);

        // A demand the deeper model cannot meet keeps it the challenger; a fair one promotes it.
        var kept = await RunAsync("models", "promote", "tips", "--candidate", "2", "--min-improvement", "0.9");
        Assert.Contains("Kept tips version 2 as @challenger", kept.Stdout, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["champion"] = "1", ["challenger"] = "2" }, await AliasesAsync());

        var promoted = await RunAsync("models", "promote", "tips", "--candidate", "@challenger", "--reason", "monthly retrain");
        Assert.Contains("Promoted tips version 2 to @champion", promoted.Stdout, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["champion"] = "2", ["previous"] = "1" }, await AliasesAsync());

        Assert.Equal("tips@champion: version 2 -> 1", (await RunAsync("models", "rollback", "tips")).Stdout.Trim());
        Assert.Equal(new Dictionary<string, string> { ["champion"] = "1", ["previous"] = "2" }, await AliasesAsync());

        var history = await RunAsync("models", "history", "tips");
        Assert.Contains("monthly retrain", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("rollback from version 2 to 1", history.Stdout, StringComparison.Ordinal);

        var shown = await RunAsync("models", "show", "tips");
        Assert.Contains("@champion", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("test_rmse", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromoteInStageMode_ProductionAndTheOldOneArchived()
    {
        await RunAsync("models", "register", "--run", _shallowRun, "--name", "tips");
        await RunAsync("models", "register", "--run", _deepRun, "--name", "tips");
        await RunAsync("models", "promote", "tips", "--candidate", "1", "--stages");
        await RunAsync("models", "promote", "tips", "--candidate", "2", "--stages", "--data", DataFixtures.TipsPath);

        await using var store = await _sandbox.OpenStoreAsync();
        var registry = ModelRegistries.For(store);
        Assert.Equal(ModelStages.Archived, (await registry.GetModelVersionAsync("tips", "1", Ct)).CurrentStage);
        Assert.Equal(ModelStages.Production, (await registry.GetModelVersionAsync("tips", "2", Ct)).CurrentStage);
    }

    [Fact]
    public async Task Register_PathWithoutAPackage_ClearErrorAndNothingRegistered()
    {
        var result = await _sandbox.RunWithStoreAsync("models", "register", "--run", _shallowRun, "--artifact-path", "nothing-here", "--name", "tips");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not an Argus model package", result.Stderr, StringComparison.Ordinal);
        await using var store = await _sandbox.OpenStoreAsync();
        Assert.Empty((await ModelRegistries.For(store).SearchRegisteredModelsAsync(new RegisteredModelSearch(), Ct)).Items);
    }

    [Theory]
    [InlineData("alias", "tips", "champion", "seven", "'seven' is not a version")]
    [InlineData("rollback", "tips", null, null, "no @champion to roll back")]
    public async Task BadReference_ExitOneSayingWhy(string verb, string model, string? arg1, string? arg2, string expected)
    {
        await RunAsync("models", "register", "--run", _shallowRun, "--name", "tips");
        var args = new[] { "models", verb, model, arg1, arg2 }.Where(a => a is not null).Select(a => a!).ToArray();
        var result = await _sandbox.RunWithStoreAsync(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }
}
