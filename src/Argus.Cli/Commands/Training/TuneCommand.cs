using System.CommandLine;
using System.Globalization;
using Argus.Core;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Tracking.Sdk;
using Argus.Core.Tuning.Runs;
using Argus.XGBoost.Training;
using Spectre.Console;

namespace Argus.Cli.Commands.Training;

/// <summary><c>argus tune</c>: a hyperparameter search where every trial is a child run, then the best retrained.</summary>
internal static class TuneCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "The CSV file to train on.", Required = true };
        var target = new Option<string?>("--target", "-t") { Description = "The target column (or 'target' in the mapping file)." };
        var mapping = new Option<string?>("--mapping", "-m") { Description = "A column mapping file (YAML or JSON)." };
        var space = new Option<string?>("--space", "-s") { Description = "A search-space file in Hyperopt's vocabulary (JSON or YAML). Default: the XGBoost space in the docs." };
        var maxEvals = new Option<int>("--max-evals") { Description = "Trials at most.", DefaultValueFactory = static _ => 50 };
        var algo = new Option<string>("--algo") { Description = "tpe, random or grid.", DefaultValueFactory = static _ => "tpe" };
        algo.AcceptOnlyFromAmong("tpe", "random", "grid");
        var parallel = new Option<int>("--parallel") { Description = "Trials at once.", DefaultValueFactory = static _ => 1 };
        var timeout = new Option<string?>("--timeout") { Description = "Time budget: 90s, 10m, 1h (running trials finish; no new ones start)." };
        var patience = new Option<int?>("--stop-after") { Description = "Stop after this many trials without improvement." };
        var seed = new Option<int>("--seed") { Description = "Seed of the sampler.", DefaultValueFactory = static _ => 0 };
        var rounds = new Option<int>("--rounds") { Description = "Boosting rounds per trial.", DefaultValueFactory = static _ => 100 };
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Experiment name (created if missing); default: Default." };
        var resume = new Option<string?>("--resume") { Description = "Continue the search of this parent run id (same data and --space); --max-evals counts its finished trials." };
        var trackingUri = CommonOptions.TrackingUri();
        var pushgateway = CommonOptions.Pushgateway();
        var command = new Command("tune", "Search XGBoost hyperparameters (TPE, random or grid); every trial is a tracked child run; the best is retrained.")
        {
            data, target, mapping, space, maxEvals, algo, parallel, timeout, patience, seed, rounds, experiment, resume, trackingUri, pushgateway,
        };
        command.SetJobAction(pushgateway, _ => "tune", async context =>
        {
            var request = new TuningRequest
            {
                DataPath = context.Get(data)!,
                Target = context.Get(target),
                MappingPath = context.Get(mapping),
                SpacePath = context.Get(space),
                MaxEvals = context.Get(maxEvals),
                Algorithm = context.Get(algo)!,
                Parallelism = context.Get(parallel),
                Timeout = context.Get(timeout) is { } t
                    ? Durations.TryParse(t, out var budget) ? budget : throw ArgusException.InvalidParameter($"Invalid --timeout '{t}': expected {Durations.Help}.")
                    : null,
                StopAfterNoImprovement = context.Get(patience),
                Seed = context.Get(seed),
                Rounds = context.Get(rounds),
                Split = new SplitOptions(),
                Experiment = context.Get(experiment),
                ResumeParentRunId = context.Get(resume),
            };
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            await using var tracker = Tracker.For(store);
            var outcome = await TuneWithProgressAsync(context, tracker, request).ConfigureAwait(false);
            var best = outcome.Search.BestTrial!;
            await context.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Search {outcome.Search.ParentRunId}: {outcome.Search.TrialsCompleted} trials completed, {outcome.Search.TrialsFailed} failed, stopped by {outcome.Search.StopReason}")).ConfigureAwait(false);
            await context.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Best trial {best.Number} (run {best.RunId}): validation loss {best.Loss:G6}")).ConfigureAwait(false);
            await context.WriteLineAsync($"  {best.Configuration}").ConfigureAwait(false);
            await TrainCommand.NoteIgnoredTextAsync(context, outcome.Best).ConfigureAwait(false);
            await context.WriteLineAsync($"Retrained best: run {outcome.Best.RunId}").ConfigureAwait(false);
            foreach (var (key, value) in outcome.Best.TestMetrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                await context.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {key} = {value:G6}")).ConfigureAwait(false);
            }

            await context.WriteLineAsync($"Model: {outcome.Best.ModelArtifactPath}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    // A live display on a terminal; plain lines (one per finished trial) otherwise.
    private static async Task<TuningOutcome> TuneWithProgressAsync(CliContext context, Tracker tracker, TuningRequest request)
    {
        if (ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            TuningOutcome? outcome = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async display =>
                {
                    var bar = display.AddTask("trials", maxValue: request.MaxEvals);
                    var progress = new Progress<TuningProgress>(p =>
                    {
                        bar.Value = p.TrialsCompleted + p.TrialsFailed;
                        bar.Description = p.BestLoss is { } best
                            ? string.Create(CultureInfo.InvariantCulture, $"trial {p.TrialNumber}/{p.MaxTrials}, best {best:G5} (#{p.BestTrialNumber})")
                            : $"trial {p.TrialNumber}/{p.MaxTrials}";
                    });
                    outcome = await TuningJob.RunAsync(tracker, request, progress, context.CancellationToken).ConfigureAwait(false);
                    bar.Value = bar.MaxValue;
                }).ConfigureAwait(false);
            return outcome!;
        }

        var finished = 0;
        var plain = new Progress<TuningProgress>(p =>
        {
            var done = p.TrialsCompleted + p.TrialsFailed;
            if (done > finished)
            {
                finished = done;
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"trial {done}/{p.MaxTrials}: best {p.BestLoss:G6} (trial {p.BestTrialNumber}), {p.TrialsFailed} failed, elapsed {p.Elapsed:hh\\:mm\\:ss}"));
            }
        });
        return await TuningJob.RunAsync(tracker, request, plain, context.CancellationToken).ConfigureAwait(false);
    }
}
