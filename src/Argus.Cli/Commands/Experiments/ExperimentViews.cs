using Argus.Cli.Output;
using Argus.Core.Tracking;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Argus.Cli.Commands.Experiments;

/// <summary>Experiments as tables.</summary>
internal static class ExperimentViews
{
    public static Table List(IReadOnlyList<Experiment> experiments)
    {
        var table = new Table()
            .AddColumn("ID")
            .AddColumn("Name")
            .AddColumn("Stage")
            .AddColumn("Created (UTC)")
            .AddColumn("Artifact location");
        foreach (var e in experiments)
        {
            table.AddRow(Cells.Of(e.ExperimentId, e.Name, e.LifecycleStage, Formats.Timestamp(e.CreationTime), e.ArtifactLocation));
        }

        return table;
    }

    public static IRenderable Details(Experiment experiment)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow(Cells.Of("Experiment", experiment.ExperimentId));
        grid.AddRow(Cells.Of("Name", experiment.Name));
        grid.AddRow(Cells.Of("Stage", experiment.LifecycleStage));
        grid.AddRow(Cells.Of("Artifact location", experiment.ArtifactLocation));
        grid.AddRow(Cells.Of("Created (UTC)", Formats.Timestamp(experiment.CreationTime)));
        grid.AddRow(Cells.Of("Updated (UTC)", Formats.Timestamp(experiment.LastUpdateTime)));
        if (experiment.Tags.Count == 0)
        {
            grid.AddRow(Cells.Of("Tags", "(none)"));
            return grid;
        }

        var tags = new Table().AddColumn("Tag").AddColumn("Value");
        foreach (var tag in experiment.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            tags.AddRow(Cells.Of(tag.Key, tag.Value));
        }

        return new Rows(grid, tags);
    }
}
