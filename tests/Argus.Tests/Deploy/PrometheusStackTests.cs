using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Argus.Tests.Core.Telemetry;

namespace Argus.Tests.Deploy;

/// <summary>
/// End to end with the real Prometheus stack (Debian's prometheus, prometheus-pushgateway, prometheus-alertmanager):
/// Prometheus scrapes both Argus processes and the Pushgateway with deploy/prometheus's jobs and rules, every Grafana
/// dashboard query finds data, and the drift alert travels Prometheus → Alertmanager → Argus's webhook.
/// </summary>
public sealed partial class PrometheusStackTests(PrometheusStack stack) : IClassFixture<PrometheusStack>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Metrics_BothArgusProcesses_PromtoolCheckMetricsReportsNothing()
    {
        foreach (var (name, url) in new[] { ("argus server", stack.ArgusServer.Url), ("argus serve", stack.ModelServer.Url) })
        {
            var text = await stack.Http.GetStringAsync(new Uri(url, "/metrics"));
            var (exitCode, output) = await TelemetryText.CheckAsync(text);
            Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics on {name}'s /metrics: exit {exitCode}:\n{output}");
        }
    }

    [Fact]
    public async Task Targets_AllThreeScrapeJobs_Up()
    {
        await Poll.UntilAsync("Prometheus scrapes argus-server, argus-serving and pushgateway, all up", Within, async () =>
        {
            var targets = (await PrometheusApiAsync("/api/v1/targets?state=active")).GetProperty("activeTargets").EnumerateArray()
                .Select(t => (Job: t.GetProperty("labels").GetProperty("job").GetString(), Health: t.GetProperty("health").GetString(), Error: t.GetProperty("lastError").GetString()))
                .ToList();
            var seen = string.Join('\n', targets.Select(t => $"{t.Job}: {t.Health} {t.Error}"));
            return (targets.Count == 3 && targets.All(t => t.Health == "up")
                && targets.Select(t => t.Job).Order(StringComparer.Ordinal).SequenceEqual(["argus-server", "argus-serving", "pushgateway"]), seen);
        });
    }

    [Fact]
    public async Task Rules_EveryShippedGroup_LoadedAndNoRuleInError()
    {
        var shipped = DeployFiles.Files("prometheus/rules", "*.yml")
            .SelectMany(file => ((YamlDotNet.RepresentationModel.YamlSequenceNode)DeployFiles.LoadYaml(file).Children["groups"]).Children
                .Cast<YamlDotNet.RepresentationModel.YamlMappingNode>().Select(g => g.Children["name"].ToString()))
            .ToList();
        Assert.NotEmpty(shipped);

        await Poll.UntilAsync("every shipped rule group is loaded and every rule evaluated with health ok", Within, async () =>
        {
            var groups = (await PrometheusApiAsync("/api/v1/rules")).GetProperty("groups").EnumerateArray().ToList();
            var rules = groups.SelectMany(g => g.GetProperty("rules").EnumerateArray()
                .Select(r => (Group: g.GetProperty("name").GetString(), Name: r.GetProperty("name").GetString(), Health: r.GetProperty("health").GetString(),
                    Error: r.TryGetProperty("lastError", out var e) ? e.GetString() : null))).ToList();
            var errors = rules.Where(r => r.Health == "err").Select(r => $"{r.Group}/{r.Name}: {r.Error}").ToList();
            Assert.True(errors.Count == 0, $"rules in error:\n{string.Join('\n', errors)}");
            var names = groups.Select(g => g.GetProperty("name").GetString()).ToHashSet(StringComparer.Ordinal);
            var missing = shipped.Where(g => !names.Contains(g)).ToList();
            var unevaluated = rules.Where(r => r.Health != "ok").Select(r => $"{r.Group}/{r.Name}: {r.Health}").ToList();
            return (missing.Count == 0 && unevaluated.Count == 0, $"missing groups: {string.Join(", ", missing)}\nnot yet ok:\n{string.Join('\n', unevaluated)}");
        });
    }

    [Fact]
    public async Task Dashboards_EveryExpression_ReturnsASeries()
    {
        var queries = DashboardQueries().ToList();
        Assert.True(queries.Count > 20, $"only {queries.Count} dashboard expressions found");

        // One deadline for all: each query is asked again until it returns a series, or the deadline has passed.
        var pending = queries;
        var lastAnswers = new Dictionary<string, string>(StringComparer.Ordinal);
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var stillEmpty = new List<(string Where, string Expr, string Query)>();
            foreach (var query in pending)
            {
                var (series, answer) = await SeriesAsync(query.Query);
                if (series == 0)
                {
                    stillEmpty.Add(query);
                    lastAnswers[query.Where] = answer;
                }
            }

            pending = stillEmpty;
            if (pending.Count == 0)
            {
                return;
            }

            if (deadline.Elapsed >= Within)
            {
                Assert.Fail($"{pending.Count} of {queries.Count} dashboard expressions returned no series within {Within}:\n"
                    + string.Join("\n\n", pending.Select(p => $"{p.Where}\n  expr:  {p.Expr}\n  query: {p.Query}\n  answer: {lastAnswers[p.Where]}")));
            }

            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task DriftAlert_FiresInPrometheus_ReachesArgusThroughAlertmanager()
    {
        Assert.True(stack.DriftWindow.Report!.Drift!.DatasetDrift);
        Assert.Empty(stack.PushWarnings);

        await Poll.UntilAsync("Prometheus fires ArgusDataDriftDetected for model tips", Within, async () =>
        {
            var alerts = (await PrometheusApiAsync("/api/v1/alerts")).GetProperty("alerts").EnumerateArray().ToList();
            var seen = string.Join('\n', alerts.Select(a => a.GetProperty("labels").ToString() + " " + a.GetProperty("state").GetString()));
            return (alerts.Any(a => IsDriftAlert(a.GetProperty("labels")) && a.GetProperty("state").GetString() == "firing"), seen);
        });

        await Poll.UntilAsync("GET /api/v1/alerts on the argus server lists ArgusDataDriftDetected firing for model tips", Within, async () =>
        {
            var text = await stack.Http.GetStringAsync(new Uri(stack.ArgusServer.Url, "/api/v1/alerts?alertname=ArgusDataDriftDetected&status=firing"));
            using var json = JsonDocument.Parse(text);
            var found = json.RootElement.GetProperty("alerts").EnumerateArray()
                .Any(a => a.GetProperty("status").GetString() == "firing" && a.GetProperty("alertname").GetString() == "ArgusDataDriftDetected"
                    && IsDriftAlert(a.GetProperty("labels")));
            return (found, $"argus: {text}\nalertmanager log:\n{stack.Alertmanager.Log}");
        });
    }

    private static bool IsDriftAlert(JsonElement labels) =>
        labels.TryGetProperty("alertname", out var name) && name.GetString() == "ArgusDataDriftDetected"
        && labels.TryGetProperty("model", out var model) && model.GetString() == PrometheusStack.Model;

    /// <summary>
    /// Every target expression of every dashboard with the variables replaced as Grafana would for this stack: the
    /// model and job drop-downs on the values the workload produced (multi-value as a regex group), the instance on the
    /// argus server's address (regex-escaped, as Grafana escapes values for =~), and the interval macros on durations.
    /// </summary>
    private IEnumerable<(string Where, string Expr, string Query)> DashboardQueries()
    {
        var instance = Regex.Escape(PrometheusStack.Instance(stack.ArgusServer.Url)).Replace("\\", "\\\\", StringComparison.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = PrometheusStack.Model,
            ["job"] = $"({PrometheusStack.MonitorJobName}|{PrometheusStack.FailedJobName})",
            ["instance"] = instance,
            ["__rate_interval"] = "1m",
            ["__interval"] = "15s",
            ["__range"] = "5m",
        };
        foreach (var file in DeployFiles.Files("grafana/dashboards", "*.json"))
        {
            var dashboard = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            foreach (var panel in Panels(dashboard))
            {
                foreach (var target in panel["targets"]?.AsArray().OfType<JsonObject>() ?? [])
                {
                    var expr = (string?)target["expr"] ?? string.Empty;
                    var query = Variable().Replace(expr, m =>
                    {
                        var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
                        return values.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"{Path.GetFileName(file)}: no value for ${name} in {expr}");
                    });
                    yield return ($"{Path.GetFileName(file)} panel {panel["id"]} \"{panel["title"]}\" target {target["refId"]}", expr, query);
                }
            }
        }
    }

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

    private async Task<(int Series, string Answer)> SeriesAsync(string query)
    {
        using var response = await stack.Http.GetAsync(new Uri(stack.Prometheus.BaseAddress, "/api/v1/query?query=" + Uri.EscapeDataString(query)));
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        if (json.RootElement.GetProperty("status").GetString() != "success")
        {
            return (0, text);
        }

        var data = json.RootElement.GetProperty("data");
        return data.GetProperty("resultType").GetString() is "vector" or "matrix"
            ? (data.GetProperty("result").GetArrayLength(), text)
            : (1, text);
    }

    private async Task<JsonElement> PrometheusApiAsync(string pathAndQuery)
    {
        var text = await stack.Http.GetStringAsync(new Uri(stack.Prometheus.BaseAddress, pathAndQuery));
        using var json = JsonDocument.Parse(text);
        Assert.True(json.RootElement.GetProperty("status").GetString() == "success", text);
        return json.RootElement.GetProperty("data").Clone();
    }

    [GeneratedRegex(@"\$\{(?<braced>\w+)(?::\w+)?\}|\$(?<plain>\w+)")]
    private static partial Regex Variable();
}
