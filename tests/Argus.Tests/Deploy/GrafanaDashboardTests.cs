using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Argus.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Argus.Tests.Deploy;

/// <summary>
/// deploy/grafana: the dashboards are Grafana JSON that works provisioned or imported (every query
/// goes through the <c>datasource</c> variable), read only metrics Argus exposes, and explain every
/// panel; the provisioning files give the data sources fixed uids.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    private const string DatasourceVariable = "${datasource}";

    private static readonly string[] ExpectedDashboards =
    [
        "argus-drift-quality.json",
        "argus-model-serving.json",
        "argus-server.json",
        "argus-training-pipelines.json",
    ];

    [Fact]
    public void Dashboards_AreValidJsonWithFixedUniqueUids()
    {
        var files = DeployFiles.Files("grafana/dashboards", "*.json");
        Assert.Equal(ExpectedDashboards, files.Select(Path.GetFileName));

        var uids = new List<string>();
        var titles = new List<string>();
        foreach (var file in files)
        {
            var dashboard = Load(file);
            Assert.Equal(39, (int?)dashboard["schemaVersion"]);
            var uid = (string?)dashboard["uid"];
            Assert.False(string.IsNullOrEmpty(uid), $"{Path.GetFileName(file)} has no uid");
            Assert.Matches("^[A-Za-z0-9_-]{8,40}$", uid);
            uids.Add(uid);
            titles.Add((string?)dashboard["title"] ?? string.Empty);
            Assert.False(dashboard.ContainsKey("__inputs"), $"{Path.GetFileName(file)} has __inputs, which provisioning does not resolve");

            var panelIds = Panels(dashboard).Select(panel => (int?)panel["id"]).ToList();
            Assert.DoesNotContain(null, panelIds);
            Assert.Equal(panelIds.Count, panelIds.Distinct().Count());
        }

        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(titles.Count, titles.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Dashboards_EveryPanelTargetAndVariable_UsesTheDatasourceVariable()
    {
        var problems = new List<string>();
        foreach (var (file, dashboard) in Dashboards())
        {
            var variables = Variables(dashboard).ToList();
            var datasource = variables.SingleOrDefault(v => (string?)v["name"] == "datasource");
            if (datasource is null || (string?)datasource["type"] != "datasource" || (string?)datasource["query"] != "prometheus")
            {
                problems.Add($"{file}: no variable datasource of type datasource with query prometheus");
            }

            foreach (var variable in variables.Where(v => (string?)v["type"] == "query"))
            {
                CheckReference(variable["datasource"], $"{file} variable {variable["name"]}", problems);
            }

            foreach (var panel in Panels(dashboard).Where(p => (string?)p["type"] != "row"))
            {
                var where = $"{file} panel {panel["id"]} \"{panel["title"]}\"";
                CheckReference(panel["datasource"], where, problems);
                var targets = panel["targets"]?.AsArray() ?? [];
                if (targets.Count == 0)
                {
                    problems.Add($"{where}: no targets");
                }

                foreach (var target in targets)
                {
                    CheckReference(target?["datasource"], $"{where} target {target?["refId"]}", problems);
                }
            }
        }

        DeployFiles.AssertNoProblems(problems);
    }

    [Fact]
    public void Dashboards_EveryExpression_NamesOnlyArgusMetrics()
    {
        var problems = new List<string>();
        var expressions = 0;
        foreach (var (file, dashboard) in Dashboards())
        {
            foreach (var panel in Panels(dashboard))
            {
                foreach (var target in panel["targets"]?.AsArray() ?? [])
                {
                    var expr = (string?)target?["expr"];
                    if (string.IsNullOrWhiteSpace(expr))
                    {
                        problems.Add($"{file} panel {panel["id"]} target {target?["refId"]}: no expr");
                        continue;
                    }

                    expressions++;
                    var names = PromQlNames.In(expr);
                    if (names.Count == 0)
                    {
                        problems.Add($"{file} panel {panel["id"]}: no metric found in {expr}");
                    }

                    problems.AddRange(names.Where(name => !ArgusMetricNames.All.Contains(name)).Select(name => $"{file} panel {panel["id"]}: unknown metric {name}"));
                }
            }

            foreach (var variable in Variables(dashboard).Where(v => (string?)v["type"] == "query"))
            {
                var query = variable["query"] is JsonObject q ? (string?)q["query"] : (string?)variable["query"];
                var names = PromQlNames.InVariableQuery(query ?? string.Empty);
                problems.AddRange(names.Where(name => !ArgusMetricNames.All.Contains(name)).Select(name => $"{file} variable {variable["name"]}: unknown metric {name}"));
            }
        }

        Assert.True(expressions > 20, $"only {expressions} expressions found in the dashboards");
        DeployFiles.AssertNoProblems(problems);
    }

    [Fact]
    public async Task Dashboards_EveryExpression_ParsesInPromtool()
    {
        // Each expression, with Grafana's variables replaced by values, becomes a recording rule that
        // promtool parses; a rule file may be JSON.
        var rules = new JsonArray();
        foreach (var (file, dashboard) in Dashboards())
        {
            foreach (var panel in Panels(dashboard))
            {
                foreach (var target in panel["targets"]?.AsArray() ?? [])
                {
                    var expr = GrafanaRange().Replace((string?)target?["expr"] ?? string.Empty, "5m");
                    expr = GrafanaVariable().Replace(expr, ".*");
                    rules.Add(new JsonObject { ["record"] = $"dashboard:{Path.GetFileNameWithoutExtension(file).Replace('-', '_')}:panel{panel["id"]}_{target?["refId"]}", ["expr"] = expr });
                }
            }
        }

        using var directory = new TempDirectory("argus-dashboards");
        var path = directory.Combine("dashboard-expressions.json");
        var ruleFile = new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["name"] = "dashboards", ["rules"] = rules }) };
        await File.WriteAllTextAsync(path, ruleFile.ToJsonString());

        var (exitCode, output) = await DeployFiles.RunToolAsync("promtool", "prometheus", directory.Path, "check", "rules", path);

        Assert.True(exitCode == 0, $"promtool cannot parse the dashboards' expressions ({exitCode}):\n{output}");
        Assert.Contains($"SUCCESS: {rules.Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboards_EveryPanel_HasTitleAndDescription()
    {
        var problems = new List<string>();
        foreach (var (file, dashboard) in Dashboards())
        {
            foreach (var panel in Panels(dashboard))
            {
                if (string.IsNullOrWhiteSpace((string?)panel["title"]))
                {
                    problems.Add($"{file} panel {panel["id"]}: no title");
                }

                if ((string?)panel["type"] != "row" && string.IsNullOrWhiteSpace((string?)panel["description"]))
                {
                    problems.Add($"{file} panel {panel["id"]} \"{panel["title"]}\": no description");
                }
            }
        }

        DeployFiles.AssertNoProblems(problems);
    }

    [Fact]
    public void Provisioning_DatasourcesHaveFixedUidsAndDashboardsComeFromFiles()
    {
        var datasources = DeployFiles.LoadYaml(DeployFiles.Deploy("grafana", "provisioning", "datasources", "argus.yml"));
        var uids = ((YamlSequenceNode)datasources.Children["datasources"]).Children.Cast<YamlMappingNode>()
            .ToDictionary(d => d.Children["uid"].ToString(), d => d.Children["type"].ToString(), StringComparer.Ordinal);
        Assert.Equal("prometheus", uids["argus-prometheus"]);
        Assert.Equal("grafana-postgresql-datasource", uids["argus-postgres"]);

        var dashboards = DeployFiles.LoadYaml(DeployFiles.Deploy("grafana", "provisioning", "dashboards", "argus.yml"));
        var provider = Assert.Single(((YamlSequenceNode)dashboards.Children["providers"]).Children.Cast<YamlMappingNode>());
        Assert.Equal("file", provider.Children["type"].ToString());
        Assert.False(string.IsNullOrWhiteSpace(((YamlMappingNode)provider.Children["options"]).Children["path"].ToString()));
    }

    [GeneratedRegex(@"\$__(?:rate_interval|interval|range)\b")]
    private static partial Regex GrafanaRange();

    [GeneratedRegex(@"\$\{\w+\}|\$\w+")]
    private static partial Regex GrafanaVariable();

    private static void CheckReference(JsonNode? reference, string where, List<string> problems)
    {
        if (reference is not JsonObject obj || (string?)obj["uid"] != DatasourceVariable || (string?)obj["type"] != "prometheus")
        {
            problems.Add($"{where}: datasource is {reference?.ToJsonString() ?? "missing"}, not {{\"type\":\"prometheus\",\"uid\":\"{DatasourceVariable}\"}}");
        }
    }

    private static IEnumerable<(string File, JsonObject Dashboard)> Dashboards() =>
        DeployFiles.Files("grafana/dashboards", "*.json").Select(file => (Path.GetFileName(file), Load(file)));

    private static JsonObject Load(string file)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InvalidDataException($"{file} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(file)} is not valid JSON: {e.Message}", e);
        }
    }

    private static IEnumerable<JsonObject> Variables(JsonObject dashboard) =>
        dashboard["templating"]?["list"]?.AsArray().OfType<JsonObject>() ?? [];

    /// <summary>All panels, including those nested in collapsed rows.</summary>
    private static IEnumerable<JsonObject> Panels(JsonObject dashboard)
    {
        foreach (var panel in dashboard["panels"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            yield return panel;
            foreach (var nested in panel["panels"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                yield return nested;
            }
        }
    }
}
