using System.CommandLine;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking.Sdk;
using Argus.XGBoost.Models;

namespace Argus.Cli.Commands.Models;

/// <summary>
/// <c>argus models register|list|show|alias|transition|delete|history|evaluate|promote|rollback</c>: the model
/// registry from the command line. Versions are given as numbers or as aliases (<c>@champion</c>).
/// </summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Register, list, alias, evaluate and promote models.");
        command.Subcommands.Add(RegisterCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(AliasCommand());
        command.Subcommands.Add(TransitionCommand());
        command.Subcommands.Add(DeleteCommand());
        command.Subcommands.Add(HistoryCommand());
        command.Subcommands.Add(EvaluateCommand());
        command.Subcommands.Add(PromoteCommand());
        command.Subcommands.Add(RollbackCommand());
        return command;
    }

    private static Command RegisterCommand()
    {
        var run = new Option<string>("--run") { Description = "The run that logged the model.", Required = true };
        var artifactPath = new Option<string>("--artifact-path") { Description = "The model's folder in the run's artifacts.", DefaultValueFactory = _ => "model" };
        var name = new Option<string>("--name", "-n") { Description = "The registered model (created if missing).", Required = true };
        var description = new Option<string?>("--description") { Description = "A description of the new version." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("register", "Register a run's model package as a new version; prints the version.") { run, artifactPath, name, description, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var model = context.Get(name)!;
            var version = await ModelRegistration.RegisterAsync(store, model, context.Get(run)!, context.Get(artifactPath), context.Get(description), context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Registered {model} version {version.Version} (run {version.RunId})").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var filter = CommonOptions.Filter("\"name LIKE 'tips%'\"");
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("list", "List registered models with their latest version and aliases.") { filter, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var page = await ModelRegistries.For(store).SearchRegisteredModelsAsync(new RegisteredModelSearch { Filter = context.Get(filter), MaxResults = 1000 }, context.CancellationToken).ConfigureAwait(false);
            context.Console.Write(ModelViews.List(page.Items));
            await context.WriteLineAsync(page.Items.Count == 1 ? "1 model" : $"{page.Items.Count} models").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var name = NameArgument();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("show", "Show a model's versions: aliases, stage, source run and metrics.") { name, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var registry = ModelRegistries.For(store);
            var model = await registry.GetRegisteredModelAsync(context.Get(name)!, context.CancellationToken).ConfigureAwait(false);
            var versions = await registry.SearchModelVersionsAsync(new ModelVersionSearch
            {
                Filter = $"name = '{model.Name.Replace("'", "\\'", StringComparison.Ordinal)}'",
                OrderBy = ["version_number DESC"],
            }, context.CancellationToken).ConfigureAwait(false);
            var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
            foreach (var version in versions.Items.Where(v => v.RunId is not null))
            {
                var run = await store.GetRunAsync(version.RunId!, context.CancellationToken).ConfigureAwait(false);
                metrics[version.Version] = run.Data.Metrics.Where(m => m.Key.StartsWith("test_", StringComparison.Ordinal)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            }

            context.Console.Write(ModelViews.Versions(model, versions.Items, metrics));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AliasCommand()
    {
        var name = NameArgument();
        var alias = new Argument<string>("alias") { Description = "The alias, e.g. champion." };
        var version = new Argument<string?>("version") { Description = "The version it points at (omit with --delete).", Arity = ArgumentArity.ZeroOrOne };
        var delete = new Option<bool>("--delete") { Description = "Delete the alias." };
        var reason = ReasonOption();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("alias", "Point an alias at a version, or delete it.") { name, alias, version, delete, reason, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var registry = ModelRegistries.For(store);
            var (model, aliasName) = (context.Get(name)!, context.Get(alias)!);
            if (context.Get(delete))
            {
                await registry.DeleteAliasAsync(model, aliasName, context.Get(reason), context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"Deleted {model}@{aliasName}").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var target = await VersionOfAsync(registry, model, context.Get(version)
                ?? throw ArgusException.InvalidParameter("Give the version the alias points at, or --delete."), context.CancellationToken).ConfigureAwait(false);
            await registry.SetAliasAsync(model, aliasName, target, context.Get(reason), context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"{model}@{aliasName} -> version {target}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command TransitionCommand()
    {
        var name = NameArgument();
        var version = new Argument<string>("version") { Description = "The version (or @alias)." };
        var stage = new Argument<string>("stage") { Description = "None, Staging, Production or Archived." };
        var archive = new Option<bool>("--archive-existing") { Description = "Archive the other versions in that stage (Staging/Production)." };
        var reason = ReasonOption();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("transition", "Move a version to a legacy stage.") { name, version, stage, archive, reason, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var registry = ModelRegistries.For(store);
            var model = context.Get(name)!;
            var target = await VersionOfAsync(registry, model, context.Get(version)!, context.CancellationToken).ConfigureAwait(false);
            var moved = await registry.TransitionModelVersionStageAsync(model, target, context.Get(stage)!, context.Get(archive), context.Get(reason), context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"{model} version {moved.Version} is now in {moved.CurrentStage}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var name = NameArgument();
        var version = new Option<string?>("--version") { Description = "Delete only this version (else the whole model)." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("delete", "Delete a model (with its versions and aliases) or one version.") { name, version, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var registry = ModelRegistries.For(store);
            var model = context.Get(name)!;
            if (context.Get(version) is { } v)
            {
                var target = await VersionOfAsync(registry, model, v, context.CancellationToken).ConfigureAwait(false);
                await registry.DeleteModelVersionAsync(model, target, context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"Deleted {model} version {target}").ConfigureAwait(false);
            }
            else
            {
                await registry.DeleteRegisteredModelAsync(model, context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"Deleted model {model}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command HistoryCommand()
    {
        var name = NameArgument();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("history", "Show every alias move and stage transition: who, when, from, to, why.") { name, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var page = await ModelRegistries.For(store).GetHistoryAsync(context.Get(name)!, 1000, null, context.CancellationToken).ConfigureAwait(false);
            context.Console.Write(ModelViews.History(page.Items));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command EvaluateCommand()
    {
        var name = NameArgument();
        var candidate = new Option<string>("--candidate") { Description = "The candidate version or @alias.", DefaultValueFactory = _ => "@" + ModelPromotion.Challenger };
        var baseline = new Option<string?>("--baseline") { Description = "The baseline version or @alias (default @champion; none if it does not exist)." };
        var data = new Option<string>("--data") { Description = "Labelled CSV both are scored on.", Required = true };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("evaluate", "Score a candidate and a baseline on the same data; logged as an evaluation run.") { name, candidate, baseline, data, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            await using var tracker = Tracker.For(store);
            var registry = ModelRegistries.For(store);
            var model = context.Get(name)!;
            var candidateVersion = await registry.GetModelVersionAsync(model, await VersionOfAsync(registry, model, context.Get(candidate)!, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
            ModelVersion? baselineVersion = null;
            if (context.Get(baseline) is { } b)
            {
                baselineVersion = await registry.GetModelVersionAsync(model, await VersionOfAsync(registry, model, b, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
            }
            else if ((await registry.GetRegisteredModelAsync(model, context.CancellationToken).ConfigureAwait(false)).Aliases.FirstOrDefault(a => a.Alias == ModelPromotion.Champion) is { } champion)
            {
                baselineVersion = await registry.GetModelVersionAsync(model, champion.Version, context.CancellationToken).ConfigureAwait(false);
            }

            var outcome = await ModelEvaluation.RunAsync(tracker, model, candidateVersion, baselineVersion, context.Get(data)!, context.CancellationToken).ConfigureAwait(false);
            context.Console.Write(ModelViews.Evaluation(outcome));
            await context.WriteLineAsync($"Evaluation run {outcome.RunId} ({outcome.Rows} rows)").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command PromoteCommand()
    {
        var name = NameArgument();
        var candidate = new Option<string>("--candidate") { Description = "The candidate version or @alias.", DefaultValueFactory = _ => "@" + ModelPromotion.Challenger };
        var metric = new Option<string>("--metric") { Description = "The metric compared: rmse, mae, r2, accuracy, log_loss.", DefaultValueFactory = _ => "rmse" };
        var minImprovement = new Option<double>("--min-improvement") { Description = "The least improvement that promotes, as a fraction of the champion's value (0.01 = 1 %).", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = "Labelled CSV to evaluate on now (default: the latest evaluation of the pair)." };
        var stages = new Option<bool>("--stages") { Description = "Use legacy stages (Production, the old one Archived) instead of aliases." };
        var reason = ReasonOption();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("promote", "Promote a candidate to @champion if it beats the champion; else keep it @challenger.")
        {
            name, candidate, metric, minImprovement, data, stages, reason, trackingUri,
        };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            await using var tracker = Tracker.For(store);
            var registry = ModelRegistries.For(store);
            var model = context.Get(name)!;
            var version = await VersionOfAsync(registry, model, context.Get(candidate)!, context.CancellationToken).ConfigureAwait(false);
            var outcome = await ModelPromotion.PromoteAsync(tracker, model, version, new PromotionPolicy
            {
                Metric = context.Get(metric)!,
                MinImprovement = context.Get(minImprovement) is >= 0 and var m ? m : throw ArgusException.InvalidParameter("--min-improvement must be 0 or more."),
                DataPath = context.Get(data),
                Mode = context.Get(stages) ? PromotionMode.Stages : PromotionMode.Aliases,
                Reason = context.Get(reason),
            }, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync(outcome.Promoted
                ? $"Promoted {model} version {outcome.Candidate} to {(context.Get(stages) ? "Production" : "@" + ModelPromotion.Champion)}: {outcome.Verdict}"
                : $"Kept {model} version {outcome.Candidate} as @{ModelPromotion.Challenger}: {outcome.Verdict}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RollbackCommand()
    {
        var name = NameArgument();
        var reason = ReasonOption();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("rollback", "Move @champion back to @previous (and @previous to the version rolled back from).") { name, reason, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var model = context.Get(name)!;
            var (from, to) = await ModelPromotion.RollbackAsync(ModelRegistries.For(store), model, context.Get(reason), context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"{model}@{ModelPromotion.Champion}: version {from} -> {to}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A version given as a number or as <c>@alias</c>.</summary>
    internal static Task<string> VersionOfAsync(IModelRegistry registry, string model, string reference, CancellationToken cancellationToken) =>
        VersionReferences.ResolveAsync(registry, model, reference, cancellationToken);

    private static Argument<string> NameArgument() => new("name") { Description = "The registered model's name." };

    private static Option<string?> ReasonOption() => new("--reason") { Description = "Why, for the audit history." };
}
