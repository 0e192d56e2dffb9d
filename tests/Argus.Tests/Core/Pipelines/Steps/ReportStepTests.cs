using System.Globalization;
using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Tests.Core.Data;

namespace Argus.Tests.Core.Pipelines.Steps;

/// <summary>The report kind computes a real report over the tips data and writes its files.</summary>
public sealed class ReportStepTests : IAsyncLifetime
{
    private StepHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await StepHarness.StartAsync("argus-report-step");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<IReadOnlyDictionary<string, string>> RunAsync(params (string, object)[] settings) =>
        new ReportStep().RunAsync(_harness.Context("report", StepHarness.Settings(settings)), CancellationToken.None);

    /// <summary>The tips rows with bills five times larger and every party a smoker at Saturday lunch.</summary>
    internal static string WriteDrifted(string path)
    {
        var lines = File.ReadAllLines(DataFixtures.TipsPath);
        var drifted = lines.Skip(1).Select(line =>
        {
            var fields = line.Split(',');
            fields[0] = (double.Parse(fields[0], CultureInfo.InvariantCulture) * 5).ToString(CultureInfo.InvariantCulture);
            (fields[3], fields[4], fields[5]) = ("\"Yes\"", "\"Sat\"", "\"Lunch\"");
            return string.Join(',', fields);
        });
        File.WriteAllLines(path, [lines[0], .. drifted]);
        return path;
    }

    [Fact]
    public async Task RunAsync_DriftedCurrent_WritesHtmlAndJson_DatasetDriftAndFailedTests()
    {
        WriteDrifted(_harness.Directory.Combine("current.csv"));

        var outputs = await RunAsync(
            ("reference", DataFixtures.TipsPath), ("current", "current.csv"), ("target", "tip"),
            ("presets", new[] { "drift", "quality" }), ("html", "out/report.html"), ("json", "out/report.json"));

        Assert.Equal(_harness.Directory.Combine("out", "report.html"), outputs["html"]);
        Assert.Equal(_harness.Directory.Combine("out", "report.json"), outputs["json"]);
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(outputs["html"]), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(outputs["json"]));
        Assert.True(json.RootElement.GetProperty("drift").GetProperty("dataset_drift").GetBoolean());
        Assert.Equal("true", outputs["dataset_drift"]);
        var failed = json.RootElement.GetProperty("tests").GetProperty("summary").GetProperty("fail").GetInt32();
        Assert.True(failed > 0); // at least the drifted-columns test
        Assert.Equal(failed.ToString(CultureInfo.InvariantCulture), outputs["failed_tests"]);
        Assert.Contains("dataset drift: yes", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SameData_NoDriftNoFailedDriftTest_OnlyJsonWritten()
    {
        var outputs = await RunAsync(("reference", DataFixtures.TipsPath), ("current", DataFixtures.TipsPath), ("json", "r.json"));

        Assert.Equal("false", outputs["dataset_drift"]);
        Assert.Equal(string.Empty, outputs["html"]);
        Assert.True(File.Exists(outputs["json"]));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(outputs["json"]));
        var tests = json.RootElement.GetProperty("tests").GetProperty("tests").EnumerateArray();
        var driftTest = tests.Single(t => t.GetProperty("metric").GetString() == "drift.share_of_drifted_columns");
        Assert.Equal("success", driftTest.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RunAsync_ReferenceAsDigestOfADataStep_ReadsTheStoredVersion()
    {
        var data = await new DataStep().RunAsync(_harness.Context("data", StepHarness.Settings(("path", DataFixtures.TipsPath))), CancellationToken.None);

        var outputs = await RunAsync(("reference", data["digest"]), ("current", DataFixtures.TipsPath));

        Assert.Equal("false", outputs["dataset_drift"]);
        Assert.Contains($"Reference dataset 'tips.csv' version {data["digest"]}: 244 rows", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownPreset_ErrorNamesTheSettingAndTheChoices()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() =>
            RunAsync(("reference", DataFixtures.TipsPath), ("current", DataFixtures.TipsPath), ("presets", "drift,speed")));

        Assert.Equal("Step 'report': setting 'presets': Unknown preset(s) 'speed'; choose from drift, quality, target, regression, classification.", error.Message);
    }

    [Fact]
    public async Task RunAsync_CurrentLacksAFeature_ErrorNamesCurrent()
    {
        await File.WriteAllTextAsync(_harness.Directory.Combine("narrow.csv"), "total_bill,tip\n10,1\n");

        var error = await Assert.ThrowsAsync<ArgusException>(() =>
            RunAsync(("reference", DataFixtures.TipsPath), ("current", "narrow.csv"), ("target", "tip")));

        Assert.StartsWith("Step 'report': setting 'current': narrow.csv lacks the feature column(s) 'sex'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownDigest_SaysNoRunLoggedIt()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("reference", "0123abcd"), ("current", DataFixtures.TipsPath)));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.Contains("Step 'report': setting 'reference': no file", error.Message, StringComparison.Ordinal);
        Assert.Contains("no run logged a dataset version with digest 0123abcd", error.Message, StringComparison.Ordinal);
    }
}
