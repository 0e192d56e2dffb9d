using Argus.Core.Inference;
using Argus.Tests.Core.Data;

namespace Argus.Tests.Cli;

/// <summary><c>argus monitor</c> on a trained, registered champion: the reference is the training data its run stored.</summary>
public sealed class MonitorCommandTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Monitor_ChampionsTrainingDataAsReference_WindowsOnceThenDoneBefore()
    {
        var trained = await _sandbox.RunWithStoreAsync("train", "--data", DataFixtures.TipsPath, "--target", "tip", "--rounds", "5", "--early-stopping", "0");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var runId = trained.Stdout.Split(' ')[1];
        Assert.Equal(0, (await _sandbox.RunWithStoreAsync("models", "register", "--run", runId, "--name", "tips")).ExitCode);
        Assert.Equal(0, (await _sandbox.RunWithStoreAsync("models", "alias", "tips", "champion", "1")).ExitCode);
        var log = Path.Combine(_sandbox.Directory, "inference");
        var day = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = log, Instance = "i1" }))
        {
            for (var i = 0; i < 12; i++)
            {
                await writer.WriteAsync(new InferenceRecord
                {
                    RequestId = $"r{i}",
                    Timestamp = day.AddMinutes(10 * i),
                    Model = "tips",
                    Version = "1",
                    Columns = ["total_bill", "sex", "smoker", "day", "time", "size"],
                    Inputs = InferenceInputs.FromRows([[15.0 + i, "Female", "No", "Sun", "Dinner", 2.0]]),
                    Outputs = [2.5f],
                });
            }
        }

        var first = await _sandbox.RunWithStoreAsync("monitor", "--model", "tips", "--inference-log", log, "--window", "1h");
        var second = await _sandbox.RunWithStoreAsync("monitor", "--model", "tips", "--inference-log", log, "--window", "1h");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.StartsWith("2026-01-05 09:00–10:00  6 rows  drift ", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("2026-01-05 10:00–11:00  6 rows  drift ", first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("2026-01-05 09:00–10:00  done before", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_NoChampionAndNoReference_SaysWhatToGive()
    {
        var log = Path.Combine(_sandbox.Directory, "inference");
        Directory.CreateDirectory(log);

        var result = await _sandbox.RunWithStoreAsync("monitor", "--model", "nobody", "--inference-log", log);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nobody", result.Stderr, StringComparison.Ordinal);
    }
}
