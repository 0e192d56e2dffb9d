using Argus.Core.Tracking;
using Argus.Tests.Core.Data;

namespace Argus.Tests.Cli;

public sealed class TuneCommandTests : IDisposable
{
    private static readonly string Tips = DataFixtures.TipsPath;

    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Tune_Tips_PrintsSearchAndBestAndTracksTrials()
    {
        var result = await _sandbox.RunWithStoreAsync("tune", "--data", Tips, "--target", "tip", "--experiment", "tips", "--max-evals", "6", "--rounds", "20", "--algo", "random");
        Assert.True(result.ExitCode == 0, result.ToString());
        var parentId = result.Stdout.Split('\n')[0].Split(' ')[1].TrimEnd(':');
        Assert.Contains("6 trials completed, 0 failed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("trial 6/6", result.Stderr, StringComparison.Ordinal);

        await using var store = await _sandbox.OpenStoreAsync();
        var parent = await store.GetRunAsync(parentId, CancellationToken.None);
        Assert.Contains(new Tag("argus.tuning.algo", "random"), parent.Data.Tags);
    }

    [Theory]
    [InlineData("--algo", "annealing")]
    [InlineData("--timeout", "soon")]
    public async Task Tune_BadOption_NonZeroExitWithMessage(string option, string value)
    {
        var result = await _sandbox.RunWithStoreAsync("tune", "--data", Tips, "--target", "tip", option, value);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(value, result.Stderr, StringComparison.Ordinal);
    }
}
