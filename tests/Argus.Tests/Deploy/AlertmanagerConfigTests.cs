using YamlDotNet.RepresentationModel;

namespace Argus.Tests.Deploy;

/// <summary>deploy/alertmanager: amtool accepts the configuration, and it refers to alerts that exist.</summary>
public sealed class AlertmanagerConfigTests
{
    private static string ConfigPath => DeployFiles.Deploy("alertmanager", "alertmanager.yml");

    [Fact]
    public async Task CheckConfig_AlertmanagerYml_IsValid()
    {
        var (exitCode, output) = await DeployFiles.RunToolAsync("amtool", "prometheus-alertmanager", DeployFiles.Deploy("alertmanager"), "check-config", ConfigPath);

        Assert.True(exitCode == 0, $"amtool check-config failed ({exitCode}):\n{output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoutesTest_ArgusAlert_GoesToTheArgusWebhook()
    {
        var (exitCode, output) = await DeployFiles.RunToolAsync(
            "amtool", "prometheus-alertmanager", DeployFiles.Deploy("alertmanager"),
            "config", "routes", "test", $"--config.file={ConfigPath}", "--verify.receivers=argus", "alertname=ArgusFeatureDrift", "model=churn", "severity=info");

        Assert.True(exitCode == 0, $"amtool config routes test failed ({exitCode}):\n{output}");
    }

    [Fact]
    public void InhibitRules_NameAlertsTheRulesDefine()
    {
        var alerts = File.ReadAllText(DeployFiles.Deploy("prometheus", "rules", "argus-alerts.yml"));
        var config = DeployFiles.LoadYaml(ConfigPath);
        var matchers = ((YamlSequenceNode)config.Children["inhibit_rules"]).Children.Cast<YamlMappingNode>()
            .SelectMany(rule => new[] { "source_matchers", "target_matchers" }.SelectMany(key => ((YamlSequenceNode)rule.Children[key]).Children))
            .Select(matcher => matcher.ToString())
            .Where(matcher => matcher.StartsWith("alertname=", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(matchers);
        foreach (var matcher in matchers)
        {
            var name = matcher["alertname=".Length..].Trim('"');
            Assert.True(alerts.Contains($"- alert: {name}\n", StringComparison.Ordinal), $"inhibit rule names {name}, which argus-alerts.yml does not define");
        }
    }
}
