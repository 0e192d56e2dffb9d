using YamlDotNet.RepresentationModel;

namespace Argus.Tests.Deploy;

/// <summary>
/// deploy/prometheus: the configuration and rules pass promtool's checks, the rule unit tests pass,
/// and every alert and recording rule is covered by them.
/// </summary>
public sealed class PrometheusRulesTests
{
    private const string Promtool = "promtool";
    private const string Package = "prometheus";

    private static string PrometheusFolder => DeployFiles.Deploy("prometheus");

    [Fact]
    public async Task CheckConfig_PrometheusYml_IsValidAndLoadsEveryRuleFile()
    {
        var ruleFiles = DeployFiles.Files("prometheus/rules", "*.yml").Count;

        var (exitCode, output) = await DeployFiles.RunToolAsync(Promtool, Package, PrometheusFolder, "check", "config", "prometheus.yml");

        Assert.True(exitCode == 0, $"promtool check config failed ({exitCode}):\n{output}");
        Assert.Contains($"SUCCESS: {ruleFiles} rule files found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckRules_RulesAndExamples_AreValid()
    {
        string[] files = [.. RuleFiles()];

        var (exitCode, output) = await DeployFiles.RunToolAsync(Promtool, Package, PrometheusFolder, ["check", "rules", .. files]);

        Assert.True(exitCode == 0, $"promtool check rules failed ({exitCode}):\n{output}");
    }

    [Fact]
    public async Task TestRules_UnitTests_Pass()
    {
        string[] files = [.. TestFiles()];
        Assert.NotEmpty(files);

        var (exitCode, output) = await DeployFiles.RunToolAsync(Promtool, Package, PrometheusFolder, ["test", "rules", .. files]);

        Assert.True(exitCode == 0, $"promtool test rules failed ({exitCode}):\n{output}");
    }

    [Fact]
    public void Alerts_EachOne_HasSeveritySummaryAndDescription()
    {
        var problems = new List<string>();
        foreach (var (name, rule, _) in Rules("alert"))
        {
            var labels = rule.Children.TryGetValue("labels", out var l) ? (YamlMappingNode)l : new YamlMappingNode();
            var annotations = rule.Children.TryGetValue("annotations", out var a) ? (YamlMappingNode)a : new YamlMappingNode();
            if (!labels.Children.TryGetValue("severity", out var severity) || severity.ToString() is not ("critical" or "warning" or "info"))
            {
                problems.Add($"{name}: severity label must be critical, warning or info");
            }

            foreach (var key in new[] { "summary", "description" })
            {
                if (!annotations.Children.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text.ToString()))
                {
                    problems.Add($"{name}: no {key} annotation");
                }
            }
        }

        DeployFiles.AssertNoProblems(problems);
    }

    [Fact]
    public void UnitTests_EveryAlert_HasAFiringAndAQuietCase()
    {
        var firing = new HashSet<string>(StringComparer.Ordinal);
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var test in TestCases())
        {
            foreach (var check in Sequence(test, "alert_rule_test"))
            {
                var name = check.Children["alertname"].ToString();
                var expected = Sequence(check, "exp_alerts").ToList();
                (expected.Count == 0 ? quiet : firing).Add(name);
                if (expected.Any(alert => !alert.Children.ContainsKey("exp_labels") || !alert.Children.ContainsKey("exp_annotations")))
                {
                    firing.Remove(name);
                }
            }
        }

        var alerts = Rules("alert").Select(rule => rule.Name).ToList();
        Assert.Equal(8, alerts.Count);
        DeployFiles.AssertNoProblems(alerts.Where(alert => !firing.Contains(alert)).Select(alert => $"{alert} has no firing case asserting labels and annotations"));
        DeployFiles.AssertNoProblems(alerts.Where(alert => !quiet.Contains(alert)).Select(alert => $"{alert} has no case where it does not fire"));
    }

    [Fact]
    public void UnitTests_EveryRecordingRule_IsEvaluated()
    {
        var tested = TestCases()
            .SelectMany(test => Sequence(test, "promql_expr_test"))
            .Select(check => check.Children["expr"].ToString().Trim())
            .ToHashSet(StringComparer.Ordinal);

        var records = Rules("record").Where(rule => !rule.File.Contains("examples", StringComparison.Ordinal)).Select(rule => rule.Name).ToList();

        Assert.NotEmpty(records);
        Assert.All(records, record => Assert.Contains(record, tested));
    }

    [Fact]
    public void Expressions_NameOnlyArgusMetricsAndRecordedSeries()
    {
        var allowed = ArgusMetricNames.All.Concat(Rules("record").Select(rule => rule.Name)).ToHashSet(StringComparer.Ordinal);

        var unknown = Rules("alert").Concat(Rules("record"))
            .SelectMany(rule => PromQlNames.In(rule.Rule.Children["expr"].ToString()).Where(name => !allowed.Contains(name)).Select(name => $"{rule.Name}: {name}"))
            .ToList();

        DeployFiles.AssertNoProblems(unknown);
    }

    private static IEnumerable<string> RuleFiles() =>
        DeployFiles.Files("prometheus/rules", "*.yml").Concat(DeployFiles.Files("prometheus/examples", "*.yml"));

    private static IEnumerable<string> TestFiles() => DeployFiles.Files("prometheus/tests", "*.yml");

    private static IEnumerable<(string Name, YamlMappingNode Rule, string File)> Rules(string kind) =>
        from file in RuleFiles()
        from @group in Sequence(DeployFiles.LoadYaml(file), "groups")
        from rule in Sequence(@group, "rules")
        where rule.Children.ContainsKey(kind)
        select (rule.Children[kind].ToString(), rule, file);

    private static IEnumerable<YamlMappingNode> TestCases() =>
        TestFiles().SelectMany(file => Sequence(DeployFiles.LoadYaml(file), "tests"));

    private static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child) && child is YamlSequenceNode sequence ? sequence.Children.Cast<YamlMappingNode>() : [];
}
