using Argus.Cli.Output;
using Argus.Core.Tracking;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Argus.Cli.Commands.Runs;

/// <summary>Runs as tables.</summary>
internal static class RunViews
{
    /// <summary>Most metric and param columns a list shows; beyond this a terminal row becomes unreadable.</summary>
    public const int MaxDataColumns = 12;

    /// <summary>
    /// One row per run: id, name, status, start, duration, then a column per metric and per param
    /// in the page (metrics first, each group by key), at most <see cref="MaxDataColumns"/> of them.
    /// </summary>
    /// <param name="runs">The page of runs.</param>
    /// <param name="omittedColumns">How many metric and param columns were left out.</param>
    public static Table List(IReadOnlyList<Run> runs, out int omittedColumns)
    {
        var metricKeys = runs.SelectMany(r => r.Data.Metrics).Select(m => m.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        var paramKeys = runs.SelectMany(r => r.Data.Params).Select(p => p.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        var shownMetrics = metricKeys.Take(MaxDataColumns).ToList();
        var shownParams = paramKeys.Take(MaxDataColumns - shownMetrics.Count).ToList();
        omittedColumns = metricKeys.Count + paramKeys.Count - shownMetrics.Count - shownParams.Count;

        var table = new Table()
            .AddColumn("Run ID")
            .AddColumn("Name")
            .AddColumn("Status")
            .AddColumn("Start (UTC)")
            .AddColumn("Duration");
        foreach (var key in shownMetrics)
        {
            table.AddColumn(new TableColumn(new Text("metrics." + key)).RightAligned());
        }

        foreach (var key in shownParams)
        {
            table.AddColumn(new TableColumn(new Text("params." + key)));
        }

        foreach (var run in runs)
        {
            var cells = new List<string>(5 + shownMetrics.Count + shownParams.Count)
            {
                run.Info.RunId,
                run.Info.RunName,
                StatusName(run.Info.Status),
                Formats.Timestamp(run.Info.StartTime),
                Formats.Duration(run.Info.StartTime, run.Info.EndTime),
            };
            var metrics = run.Data.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            cells.AddRange(shownMetrics.Select(k => metrics.TryGetValue(k, out var v) ? Formats.Number(v) : ""));
            var parameters = run.Data.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            cells.AddRange(shownParams.Select(k => parameters.GetValueOrDefault(k, "")));
            table.AddRow(Cells.Of([.. cells]));
        }

        return table;
    }

    /// <summary>A run's info, then its params, latest metrics, tags and dataset inputs.</summary>
    public static IRenderable Details(Run run)
    {
        var info = run.Info;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow(Cells.Of("Run", info.RunId));
        grid.AddRow(Cells.Of("Name", info.RunName));
        grid.AddRow(Cells.Of("Experiment", info.ExperimentId));
        grid.AddRow(Cells.Of("Status", StatusName(info.Status)));
        grid.AddRow(Cells.Of("Stage", info.LifecycleStage));
        grid.AddRow(Cells.Of("User", info.UserId));
        grid.AddRow(Cells.Of("Start (UTC)", Formats.Timestamp(info.StartTime)));
        grid.AddRow(Cells.Of("End (UTC)", Formats.Timestamp(info.EndTime)));
        grid.AddRow(Cells.Of("Duration", Formats.Duration(info.StartTime, info.EndTime)));
        grid.AddRow(Cells.Of("Artifact URI", info.ArtifactUri));

        var sections = new List<IRenderable> { grid };
        sections.Add(Section("Params", run.Data.Params.Count, () =>
        {
            var table = new Table().AddColumn("Param").AddColumn("Value");
            foreach (var p in run.Data.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                table.AddRow(Cells.Of(p.Key, p.Value));
            }

            return table;
        }));
        sections.Add(Section("Metrics (latest)", run.Data.Metrics.Count, () =>
        {
            var table = new Table().AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned())
                .AddColumn(new TableColumn("Step").RightAligned()).AddColumn("Logged (UTC)");
            foreach (var m in run.Data.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                table.AddRow(Cells.Of(m.Key, Formats.Number(m.Value), m.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), Formats.Timestamp(m.Timestamp)));
            }

            return table;
        }));
        sections.Add(Section("Tags", run.Data.Tags.Count, () =>
        {
            var table = new Table().AddColumn("Tag").AddColumn("Value");
            foreach (var t in run.Data.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                table.AddRow(Cells.Of(t.Key, t.Value));
            }

            return table;
        }));
        sections.Add(Section("Datasets", run.Inputs.DatasetInputs.Count, () =>
        {
            var table = new Table().AddColumn("Dataset").AddColumn("Digest").AddColumn("Context").AddColumn("Source type").AddColumn("Source");
            foreach (var input in run.Inputs.DatasetInputs)
            {
                var context = input.Tags.FirstOrDefault(t => t.Key == DatasetInput.ContextTag)?.Value ?? "";
                table.AddRow(Cells.Of(input.Dataset.Name, input.Dataset.Digest, context, input.Dataset.SourceType, input.Dataset.Source));
            }

            return table;
        }));
        return new Rows(sections);
    }

    /// <summary>RUNNING, FINISHED…: the names MLflow shows.</summary>
    public static string StatusName(RunStatus status) => status.ToString().ToUpperInvariant();

    private static IRenderable Section(string title, int count, Func<Table> table) =>
        count == 0
            ? new Text($"\n{title}: (none)")
            : new Rows(new Text("\n" + title), table());
}
