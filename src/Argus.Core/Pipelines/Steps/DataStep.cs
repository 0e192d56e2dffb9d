using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// <c>kind: data</c>: reads and checks a CSV (a header, well-formed rows, numbers where the schema says numbers, the
/// target present), then versions it by digest with <see cref="DatasetVersions"/>: stored once per experiment and
/// logged as the input of a run, so later steps, <c>argus monitor</c> and the <c>monitor</c> kind can find it by digest.
/// </summary>
public sealed class DataStep : IStepKind
{
    /// <summary>The experiment the version is recorded in when the step names none.</summary>
    public const string DefaultExperiment = "datasets";

    public string Name => "data";

    public string Description => "Read and check a CSV, and version it by digest (stored once, logged as a run input).";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("path", true, "The CSV file (s3:// sources come with the S3 artifact store)."),
        new("target", false, "The target column: checked to be present, and typed as the target."),
        new("name", false, "The dataset's name (default: the file name)."),
        new("experiment", false, $"The experiment the version is recorded in (default {DefaultExperiment})."),
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.RequiredPath("path");
        if (path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            throw context.SettingError("path", $"'{path}': S3 data sources are not supported yet; they come with the S3 artifact store. Give a CSV file path.");
        }

        path = context.LocalPath("path");
        var target = context.TextOrNull("target");
        var experiment = context.TextOrNull("experiment") ?? DefaultExperiment;
        Table table;
        try
        {
            table = TableLoader.Load(path, target is null ? null : new ColumnMapping { Target = target });
        }
        catch (ArgusException e)
        {
            throw new ArgusException(e.Code, $"Step '{context.StepName}': setting 'path': {e.Message}", e);
        }

        if (table.RowCount == 0)
        {
            throw context.SettingError("path", $"{path} has a header but no rows.");
        }

        var name = context.TextOrNull("name") ?? Path.GetFileName(path);
        var targetText = table.Schema.Target is { } t ? $", target {t} ({table.Schema.Task?.ToString().ToLowerInvariant()})" : string.Empty;
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Read {path}: {table.RowCount} rows, {table.Columns.Count} columns{targetText}")).ConfigureAwait(false);

        await using var run = await context.Tracker.StartRunAsync(experiment, $"dataset {name}", context.RunTags, cancellationToken: cancellationToken).ConfigureAwait(false);
        run.LogParam("path", path);
        run.LogParam("rows", table.RowCount.ToString(CultureInfo.InvariantCulture));
        run.LogParam("columns", table.Columns.Count.ToString(CultureInfo.InvariantCulture));
        if (target is not null)
        {
            run.LogParam("target", target);
        }

        var stored = await DatasetVersions.StoreAsync(context.Tracker.Store, run.ExperimentId, path, table, cancellationToken).ConfigureAwait(false);
        await run.LogInputAsync(stored.Dataset with { Name = name }, "source", cancellationToken).ConfigureAwait(false);
        await run.EndAsync(RunStatus.Finished, cancellationToken).ConfigureAwait(false);
        await context.Log.WriteLineAsync(
            $"Dataset '{name}' version {stored.Digest.Short} (sha256 {stored.Digest.Sha256}) {(stored.Written ? "stored" : "already stored")} in experiment '{experiment}', recorded by run {run.RunId}").ConfigureAwait(false);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["path"] = path,
            ["digest"] = stored.Digest.Short,
            ["rows"] = table.RowCount.ToString(CultureInfo.InvariantCulture),
        };
    }
}
