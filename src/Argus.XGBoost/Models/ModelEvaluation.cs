using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.XGBoost.Training;

namespace Argus.XGBoost.Models;

/// <summary>
/// Champion/challenger evaluation: two registered versions scored on the same labelled data, read under the
/// candidate's signature, and logged as one run of the experiment <c>&lt;model&gt;-evaluations</c> (params: the
/// versions; metrics: <c>candidate_*</c> and <c>baseline_*</c>; tags naming both; the data as an input).
/// </summary>
public static class ModelEvaluation
{
    /// <summary>Tags an evaluation run carries, so promotion can find the latest evaluation of a pair.</summary>
    public const string ModelTag = "argus.evaluation.model";

    public const string CandidateTag = "argus.evaluation.candidate_version";

    public const string BaselineTag = "argus.evaluation.baseline_version";

    /// <summary>The experiment evaluations of <paramref name="model"/> are logged in.</summary>
    public static string ExperimentName(string model) => model + "-evaluations";

    /// <summary>Scores <paramref name="candidate"/> and <paramref name="baseline"/> (null: candidate only) on <paramref name="dataPath"/>.</summary>
    public static async Task<EvaluationOutcome> RunAsync(
        Tracker tracker, string model, ModelVersion candidate, ModelVersion? baseline, string dataPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(candidate);
        using var candidatePackage = await Load(tracker.Store, candidate, cancellationToken).ConfigureAwait(false);
        using var baselinePackage = baseline is null ? null : await Load(tracker.Store, baseline, cancellationToken).ConfigureAwait(false);
        var manifest = candidatePackage.Manifest;
        var table = TableLoader.Load(dataPath, new ColumnMapping
        {
            Target = manifest.Target,
            NumericalFeatures = manifest.Inputs.Where(i => i.Type == "numerical").Select(i => i.Name).ToList(),
            CategoricalFeatures = manifest.Inputs.Where(i => i.Type != "numerical").Select(i => i.Name).ToList(),
            TextFeatures = manifest.IgnoredTextFeatures,
            Task = manifest.Task,
        });

        var candidateMetrics = Score(candidatePackage, table, "candidate");
        var baselineMetrics = baselinePackage is null ? null : Score(baselinePackage, table, "baseline");

        await using var run = await tracker.StartRunAsync(ExperimentName(model), $"{model} v{candidate.Version} vs {(baseline is null ? "none" : "v" + baseline.Version)}", new Dictionary<string, string>
        {
            [ModelTag] = model,
            [CandidateTag] = candidate.Version,
            [BaselineTag] = baseline?.Version ?? "none",
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        run.LogParam("candidate_version", candidate.Version);
        run.LogParam("baseline_version", baseline?.Version ?? "none");
        run.LogParam("rows", table.RowCount.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in candidateMetrics.Concat(baselineMetrics ?? []))
        {
            run.LogMetric(key, value);
        }

        var stored = await DatasetVersions.StoreAsync(tracker.Store, run.ExperimentId, dataPath, table, cancellationToken).ConfigureAwait(false);
        await run.LogInputAsync(stored.Dataset, "evaluation", cancellationToken).ConfigureAwait(false);
        await run.EndAsync(RunStatus.Finished, cancellationToken).ConfigureAwait(false);
        return new EvaluationOutcome(run.RunId, candidate.Version, baseline?.Version, Strip(candidateMetrics, "candidate_"), baselineMetrics is null ? null : Strip(baselineMetrics, "baseline_"), table.RowCount);
    }

    /// <summary>The latest evaluation run of this pair, or null.</summary>
    public static async Task<EvaluationOutcome?> LatestAsync(ITrackingStore store, string model, string candidateVersion, string baselineVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var experiment = await store.GetExperimentByNameAsync(ExperimentName(model), cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            return null;
        }

        var page = await store.SearchRunsAsync(new RunSearch
        {
            ExperimentIds = [experiment.ExperimentId],
            Filter = $"tags.`{ModelTag}` = '{model.Replace("'", "\\'", StringComparison.Ordinal)}' AND tags.`{CandidateTag}` = '{candidateVersion}' AND tags.`{BaselineTag}` = '{baselineVersion}' AND attributes.status = 'FINISHED'",
            OrderBy = ["attributes.start_time DESC"],
            MaxResults = 1,
        }, cancellationToken).ConfigureAwait(false);
        if (page.Items.Count == 0)
        {
            return null;
        }

        var run = page.Items[0];
        var metrics = run.Data.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        var rows = run.Data.Params.FirstOrDefault(p => p.Key == "rows")?.Value;
        return new EvaluationOutcome(run.Info.RunId, candidateVersion, baselineVersion, Strip(metrics, "candidate_"), Strip(metrics, "baseline_"),
            rows is null ? 0 : int.Parse(rows, CultureInfo.InvariantCulture));
    }

    private static async Task<ModelPackage> Load(ITrackingStore store, ModelVersion version, CancellationToken cancellationToken) =>
        await (await ModelSource.ForVersionAsync(version, store, cancellationToken).ConfigureAwait(false)).LoadAsync(store, cancellationToken).ConfigureAwait(false);

    private static Dictionary<string, double> Score(ModelPackage package, Table table, string prefix)
    {
        var encoded = package.Encoder.Encode(table);
        if (encoded.Labels is null)
        {
            throw ArgusException.InvalidParameter($"{table.Name} has no target column '{package.Manifest.Target}': evaluation needs labelled data.");
        }

        var predictions = package.Booster.Predict(encoded.Features, encoded.RowCount, encoded.ColumnCount);
        var task = package.Manifest.Task == "classification" ? TaskType.Classification : TaskType.Regression;
        return TrainingJob.Score(task, encoded.Labels, predictions, package.Encoder.Classes?.Count ?? 0, prefix);
    }

    private static Dictionary<string, double> Strip(IReadOnlyDictionary<string, double> metrics, string prefix) =>
        metrics.Where(m => m.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(m => m.Key[prefix.Length..], m => m.Value, StringComparer.Ordinal);
}

/// <summary>The metrics of a candidate and a baseline on the same data, and the run that recorded them.</summary>
public sealed record EvaluationOutcome(
    string RunId,
    string CandidateVersion,
    string? BaselineVersion,
    IReadOnlyDictionary<string, double> Candidate,
    IReadOnlyDictionary<string, double>? Baseline,
    int Rows);
