using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking.Sdk;

namespace Argus.XGBoost.Models;

/// <summary>
/// The champion/challenger policy. The first version of a model is promoted outright. Otherwise the candidate
/// and the champion are compared on one evaluation — run now on <see cref="PromotionPolicy.DataPath"/>, or the
/// latest recorded one of that pair — and a candidate that improves <see cref="PromotionPolicy.Metric"/> by at
/// least <see cref="PromotionPolicy.MinImprovement"/> (a fraction of the champion's value) becomes
/// <c>@champion</c> while the old champion keeps <c>@previous</c> (in stage mode: Production, the old one
/// Archived); a candidate that does not stays <c>@challenger</c>. The move is one compare-and-set on the
/// registry: if another promoter moved <c>@champion</c> meanwhile, the decision is taken again against the new
/// champion, so concurrent promotions can never leave two champions, none, or a lost comparison.
/// </summary>
public static class ModelPromotion
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";
    public const string Previous = "previous";

    private const int MaxAttempts = 10;

    // Metrics that are better when larger; every other metric is better when smaller.
    private static readonly HashSet<string> Maximized = new(StringComparer.Ordinal) { "r2", "accuracy" };

    public static async Task<PromotionOutcome> PromoteAsync(Tracker tracker, string model, string candidateVersion, PromotionPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(policy);
        var registry = ModelRegistries.For(tracker.Store);
        var candidate = await registry.GetModelVersionAsync(model, candidateVersion, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var champion = await ChampionAsync(registry, model, policy, cancellationToken).ConfigureAwait(false);
            try
            {
                if (champion is null)
                {
                    await ApplyAsync(registry, model, candidate.Version, null, policy, $"first version promoted outright{Why(policy)}", cancellationToken).ConfigureAwait(false);
                    return new PromotionOutcome(true, candidate.Version, null, null, "no champion yet: promoted outright");
                }

                if (champion.Version == candidate.Version)
                {
                    return new PromotionOutcome(true, candidate.Version, champion.Version, null, $"version {candidate.Version} is already the champion");
                }

                var evaluation = policy.DataPath is not null
                    ? await ModelEvaluation.RunAsync(tracker, model, candidate, champion, policy.DataPath, cancellationToken).ConfigureAwait(false)
                    : await ModelEvaluation.LatestAsync(tracker.Store, model, candidate.Version, champion.Version, cancellationToken).ConfigureAwait(false)
                      ?? throw new ArgusException(ErrorCode.ResourceDoesNotExist,
                          $"No evaluation of {model} version {candidate.Version} against the champion (version {champion.Version}): run `argus models evaluate {model} --candidate {candidate.Version} --baseline @{Champion} --data FILE` or pass --data.");
                var (better, verdict) = Compare(evaluation, policy);
                var reason = $"{verdict}{Why(policy)} (evaluation run {evaluation.RunId})";
                if (better)
                {
                    await ApplyAsync(registry, model, candidate.Version, champion.Version, policy, reason, cancellationToken).ConfigureAwait(false);
                }
                else if (policy.Mode == PromotionMode.Aliases)
                {
                    await registry.MoveAliasesAsync(model, [new AliasMove(Challenger, candidate.Version)], [new AliasExpectation(Champion, champion.Version)], reason, cancellationToken).ConfigureAwait(false);
                }

                return new PromotionOutcome(better, candidate.Version, champion.Version, evaluation, verdict);
            }
            catch (ArgusException e) when (e.Code == ErrorCode.ResourceConflict && attempt < MaxAttempts)
            {
                // Another promoter moved the champion between our read and our move: decide again.
            }
        }
    }

    /// <summary>Moves <c>@champion</c> back to <c>@previous</c>, and <c>@previous</c> to the version rolled back from.</summary>
    public static async Task<(string From, string To)> RollbackAsync(IModelRegistry registry, string model, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var champion = await AliasAsync(registry, model, Champion, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgusException(ErrorCode.InvalidState, $"{model} has no @{Champion} to roll back.");
        var previous = await AliasAsync(registry, model, Previous, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgusException(ErrorCode.InvalidState, $"{model} has no @{Previous} to roll back to.");
        await registry.MoveAliasesAsync(
            model,
            [new AliasMove(Champion, previous), new AliasMove(Previous, champion)],
            [new AliasExpectation(Champion, champion), new AliasExpectation(Previous, previous)],
            reason ?? $"rollback from version {champion} to {previous}",
            cancellationToken).ConfigureAwait(false);
        return (champion, previous);
    }

    /// <summary>Whether the evaluation shows the candidate better by the policy, and a sentence saying why.</summary>
    public static (bool Better, string Verdict) Compare(EvaluationOutcome evaluation, PromotionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(policy);
        if (!evaluation.Candidate.TryGetValue(policy.Metric, out var candidate) || evaluation.Baseline is null || !evaluation.Baseline.TryGetValue(policy.Metric, out var baseline))
        {
            throw ArgusException.InvalidParameter(
                $"The evaluation has no '{policy.Metric}' for both versions; it has: {string.Join(", ", evaluation.Candidate.Keys.Order(StringComparer.Ordinal))}.");
        }

        var maximize = Maximized.Contains(policy.Metric);
        var improvement = maximize ? candidate - baseline : baseline - candidate;
        var needed = policy.MinImprovement * Math.Abs(baseline);
        var better = double.IsFinite(improvement) && improvement > 0 && improvement >= needed;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{policy.Metric} {candidate:G6} (candidate {evaluation.CandidateVersion}) vs {baseline:G6} (champion {evaluation.BaselineVersion}), {(maximize ? "higher" : "lower")} is better, min improvement {policy.MinImprovement:P1}: {(better ? "promoted" : "kept as challenger")}");
        return (better, text);
    }

    private static async Task ApplyAsync(IModelRegistry registry, string model, string candidate, string? champion, PromotionPolicy policy, string reason, CancellationToken cancellationToken)
    {
        if (policy.Mode == PromotionMode.Stages)
        {
            await registry.TransitionModelVersionStageAsync(model, candidate, ModelStages.Production, archiveExistingVersions: true, reason, cancellationToken).ConfigureAwait(false);
            return;
        }

        var challenger = await AliasAsync(registry, model, Challenger, cancellationToken).ConfigureAwait(false);
        List<AliasMove> moves = [new AliasMove(Champion, candidate)];
        if (champion is not null)
        {
            moves.Add(new AliasMove(Previous, champion));
        }

        if (challenger == candidate)
        {
            moves.Add(new AliasMove(Challenger, null));
        }

        await registry.MoveAliasesAsync(model, moves, [new AliasExpectation(Champion, champion), new AliasExpectation(Challenger, challenger)], reason, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ModelVersion?> ChampionAsync(IModelRegistry registry, string model, PromotionPolicy policy, CancellationToken cancellationToken)
    {
        if (policy.Mode == PromotionMode.Stages)
        {
            var production = await registry.GetLatestVersionsAsync(model, [ModelStages.Production], cancellationToken).ConfigureAwait(false);
            return production.Count == 0 ? null : production[0];
        }

        return await AliasAsync(registry, model, Champion, cancellationToken).ConfigureAwait(false) is { } version
            ? await registry.GetModelVersionAsync(model, version, cancellationToken).ConfigureAwait(false)
            : null;
    }

    private static async Task<string?> AliasAsync(IModelRegistry registry, string model, string alias, CancellationToken cancellationToken)
    {
        var registered = await registry.GetRegisteredModelAsync(model, cancellationToken).ConfigureAwait(false);
        return registered.Aliases.FirstOrDefault(a => a.Alias == alias)?.Version;
    }

    private static string Why(PromotionPolicy policy) => policy.Reason is null ? string.Empty : $"; {policy.Reason}";
}

/// <summary>How promotion decides and what it moves.</summary>
public sealed record PromotionPolicy
{
    /// <summary>The metric compared (without the candidate_/baseline_ prefix): rmse, mae, r2, accuracy, log_loss.</summary>
    public string Metric { get; init; } = "rmse";

    /// <summary>The least improvement that promotes, as a fraction of the champion's value (0.01 = 1 %).</summary>
    public double MinImprovement { get; init; }

    /// <summary>Labelled data to evaluate on now; null uses the latest recorded evaluation of the pair.</summary>
    public string? DataPath { get; init; }

    public PromotionMode Mode { get; init; } = PromotionMode.Aliases;

    /// <summary>Why, for the audit history.</summary>
    public string? Reason { get; init; }
}

/// <summary>Aliases (<c>@champion</c>/<c>@challenger</c>/<c>@previous</c>) or MLflow's legacy stages.</summary>
public enum PromotionMode
{
    Aliases,
    Stages,
}

/// <summary>What promotion decided.</summary>
public sealed record PromotionOutcome(bool Promoted, string Candidate, string? Champion, EvaluationOutcome? Evaluation, string Verdict);
