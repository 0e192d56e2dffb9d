using System.CommandLine;
using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Tracking.Sdk;
using Argus.XGBoost.Training;

namespace Argus.Cli.Commands.Training;

/// <summary><c>argus train</c>: one XGBoost model on a CSV, as a tracked run.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "The CSV file to train on.", Required = true };
        var target = new Option<string?>("--target", "-t") { Description = "The target column (or 'target' in the mapping file)." };
        var mapping = new Option<string?>("--mapping", "-m") { Description = "A column mapping file (YAML or JSON): target, numerical/categorical features, task…" };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "An XGBoost parameter, name=value (repeatable): max_depth=6, learning_rate=0.1, subsample=0.9…",
            AllowMultipleArgumentsPerToken = false,
        };
        var rounds = new Option<int>("--rounds") { Description = "Boosting rounds.", DefaultValueFactory = static _ => 100 };
        var earlyStopping = new Option<int>("--early-stopping")
        {
            Description = "Stop when validation has not improved for this many rounds; 0 trains every round.",
            DefaultValueFactory = static _ => 10,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the train/validation/test split.", DefaultValueFactory = static _ => 42 };
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Experiment name (created if missing); default: Default." };
        var runName = new Option<string?>("--run-name") { Description = "Run name; default: generated." };
        var trackingUri = CommonOptions.TrackingUri();
        var pushgateway = CommonOptions.Pushgateway();
        var command = new Command("train", "Train an XGBoost model on a CSV file and track it as a run.")
        {
            data, target, mapping, parameters, rounds, earlyStopping, seed, experiment, runName, trackingUri, pushgateway,
        };
        command.SetJobAction(pushgateway, _ => "train", async context =>
        {
            var request = new TrainingRequest
            {
                DataPath = context.Get(data)!,
                Target = context.Get(target),
                MappingPath = context.Get(mapping),
                Parameters = ParseParameters(context.Get(parameters) ?? []),
                Rounds = context.Get(rounds),
                EarlyStoppingRounds = context.Get(earlyStopping) is > 0 and var n ? n : null,
                Split = new SplitOptions { Seed = context.Get(seed) },
                Experiment = context.Get(experiment),
                RunName = context.Get(runName),
            };
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            await using var tracker = Tracker.For(store);
            var outcome = await TrainingJob.RunAsync(tracker, request, context.CancellationToken).ConfigureAwait(false);
            await NoteIgnoredTextAsync(context, outcome).ConfigureAwait(false);
            await context.WriteLineAsync($"Run {outcome.RunId} (dataset digest {outcome.DatasetDigest}, best iteration {outcome.BestIteration})").ConfigureAwait(false);
            foreach (var (key, value) in outcome.TestMetrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                await context.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {key} = {value:G6}")).ConfigureAwait(false);
            }

            await context.WriteLineAsync($"Model: {outcome.ModelArtifactPath}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Tells on stderr which text columns the model does not use, and how to use them.</summary>
    internal static async Task NoteIgnoredTextAsync(CliContext context, TrainingOutcome outcome)
    {
        if (outcome.IgnoredTextFeatures.Count > 0)
        {
            await context.Error.WriteLineAsync(
                $"note: text columns are not model features (XGBoost takes numbers): {string.Join(", ", outcome.IgnoredTextFeatures)}. "
                + "List them under categorical_features in a --mapping file to encode them as categories.").ConfigureAwait(false);
        }
    }

    private static Dictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw ArgusException.InvalidParameter($"--param '{pair}' is not name=value.");
            }

            parsed[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        return parsed;
    }
}
