using System.Globalization;
using Argus.Cli.Output;
using Argus.Core.Registry;
using Argus.XGBoost.Models;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Argus.Cli.Commands.Models;

/// <summary>Tables for the registry commands.</summary>
internal static class ModelViews
{
    public static IRenderable List(IReadOnlyList<RegisteredModel> models)
    {
        var table = new Table().AddColumns("name", "latest version", "aliases", "updated", "description");
        foreach (var model in models)
        {
            var latest = model.LatestVersions.Select(v => long.Parse(v.Version, CultureInfo.InvariantCulture)).DefaultIfEmpty().Max();
            table.AddRow(
                Cells.Text(model.Name),
                Cells.Text(latest == 0 ? "-" : latest.ToString(CultureInfo.InvariantCulture)),
                Cells.Text(string.Join(", ", model.Aliases.OrderBy(a => a.Alias, StringComparer.Ordinal).Select(a => $"@{a.Alias}={a.Version}"))),
                Cells.Text(Formats.Timestamp(model.LastUpdatedTimestamp)),
                Cells.Text(model.Description ?? string.Empty));
        }

        return table;
    }

    public static IRenderable Versions(RegisteredModel model, IReadOnlyList<ModelVersion> versions, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> metrics)
    {
        var metricNames = metrics.Values.SelectMany(m => m.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var table = new Table().Title(Markup.Escape(model.Name) + (model.Description is null ? string.Empty : " — " + Markup.Escape(model.Description)));
        table.AddColumns("version", "aliases", "stage", "run", "created");
        foreach (var name in metricNames)
        {
            table.AddColumn(Markup.Escape(name));
        }

        foreach (var version in versions)
        {
            var cells = new List<IRenderable>
            {
                Cells.Text(version.Version),
                Cells.Text(string.Join(", ", version.Aliases.Order(StringComparer.Ordinal).Select(a => "@" + a))),
                Cells.Text(version.CurrentStage),
                Cells.Text(version.RunId ?? "-"),
                Cells.Text(Formats.Timestamp(version.CreationTimestamp)),
            };
            foreach (var name in metricNames)
            {
                cells.Add(Cells.Text(metrics.TryGetValue(version.Version, out var m) && m.TryGetValue(name, out var value)
                    ? value.ToString("G6", CultureInfo.InvariantCulture)
                    : "-"));
            }

            table.AddRow(cells);
        }

        return table;
    }

    public static IRenderable History(IReadOnlyList<RegistryEvent> events)
    {
        var table = new Table().AddColumns("when", "who", "what", "from", "to", "why");
        foreach (var e in events)
        {
            table.AddRow(
                Cells.Text(Formats.Timestamp(e.Timestamp)),
                Cells.Text(e.UserId ?? "-"),
                Cells.Text(e.Kind == "alias" ? "@" + e.Subject : $"version {e.Subject} stage"),
                Cells.Text(e.From ?? "-"),
                Cells.Text(e.To ?? "(deleted)"),
                Cells.Text(e.Reason ?? string.Empty));
        }

        return table;
    }

    public static IRenderable Evaluation(EvaluationOutcome outcome)
    {
        var table = new Table().AddColumns("metric", $"candidate (v{outcome.CandidateVersion})");
        if (outcome.Baseline is not null)
        {
            table.AddColumn($"baseline (v{outcome.BaselineVersion})");
        }

        foreach (var (name, value) in outcome.Candidate.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var row = new List<IRenderable> { Cells.Text(name), Cells.Text(value.ToString("G6", CultureInfo.InvariantCulture)) };
            if (outcome.Baseline is not null)
            {
                row.Add(Cells.Text(outcome.Baseline.TryGetValue(name, out var b) ? b.ToString("G6", CultureInfo.InvariantCulture) : "-"));
            }

            table.AddRow(row);
        }

        return table;
    }
}
