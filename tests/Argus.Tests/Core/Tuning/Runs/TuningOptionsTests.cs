using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tuning;
using Argus.Core.Tuning.Runs;

namespace Argus.Tests.Core.Tuning.Runs;

public sealed class TuningOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(new TuningOptions().Validate());

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryProblem()
    {
        var options = new TuningOptions
        {
            MaxTrials = 0,
            TimeBudget = TimeSpan.FromSeconds(-1),
            StopAfterNoImprovement = 0,
            Parallelism = 0,
            Algorithm = "bayes",
            ExperimentId = "",
            ParentRunName = new string('x', 300),
            Tpe = new TpeOptions { Candidates = 0 },
        };

        var errors = options.Validate();

        Assert.Equal(8, errors.Count);
        Assert.Contains(errors, e => e.Contains("MaxTrials", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TimeBudget", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("StopAfterNoImprovement", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Parallelism", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Algorithm", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ExperimentId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ParentRunName", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Tpe.Candidates", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SamplerGiven_AlgorithmIgnored()
    {
        var space = SearchSpace.Parse("""{"x": {"uniform": [0, 1]}}""");
        Assert.Empty(new TuningOptions { Algorithm = "bayes", Sampler = new RandomSampler(space) }.Validate());
    }

    [Fact]
    public async Task RunAsync_InvalidOptions_ThrowsWithAllProblemsBeforeWriting()
    {
        using var dir = new Infrastructure.TempDirectory();
        await using var store = await TrackingStores.OpenAsync(dir.SqliteUri());
        var space = SearchSpace.Parse("""{"x": {"uniform": [0, 1]}}""");
        var other = SearchSpace.Parse("""{"x": {"uniform": [0, 1]}}""");
        var options = new TuningOptions { MaxTrials = -1, Parallelism = 0, Sampler = new RandomSampler(other) };

        var e = await Assert.ThrowsAsync<ArgusException>(() => new TuningRunner(store).RunAsync(
            space, (_, _) => Task.FromResult(new TrialOutcome(0)), options));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("MaxTrials", e.Message, StringComparison.Ordinal);
        Assert.Contains("Parallelism", e.Message, StringComparison.Ordinal);
        Assert.Contains("Sampler", e.Message, StringComparison.Ordinal);
        var runs = await store.SearchRunsAsync(new RunSearch { ExperimentIds = [Experiment.DefaultId] }, CancellationToken.None);
        Assert.Empty(runs.Items);
    }
}
