using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Windows;
using Argus.Core.Pipelines.Steps;
using Argus.Tests.Core.Data;
using Argus.Tests.Core.Inference;
using Argus.Tests.Core.Monitoring.Windows;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Pipelines.Steps;

/// <summary>The monitor kind on a real inference log of one normal and one drifted hour of tips traffic.</summary>
public sealed class MonitorStepTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Ten = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StepHarness _harness = null!;

    private string LogRoot => _harness.Directory.Combine("inference");

    public async Task InitializeAsync()
    {
        _harness = await StepHarness.StartAsync("argus-monitor-step");
        await DriftedTraffic.WriteAsync(LogRoot, "tips", Ten);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<IReadOnlyDictionary<string, string>> RunAsync(DateTimeOffset now, params (string, object)[] settings) =>
        new MonitorStep().RunAsync(_harness.Context("monitor", StepHarness.Settings(settings), time: new ManualTimeProvider(now)), CancellationToken.None);

    [Fact]
    public async Task RunAsync_TwoEndedWindows_CountsThemAndTheDriftedOne_ThenNothingNew()
    {
        (string, object)[] settings = [("model", "tips"), ("reference", DataFixtures.TipsPath), ("target", "tip"), ("log_root", LogRoot), ("window", "1h")];

        var first = await RunAsync(Ten.AddHours(2), settings);
        var again = await RunAsync(Ten.AddHours(2).AddMinutes(5), settings);

        Assert.Equal("2", first["windows"]);
        Assert.Equal("1", first["drifted_windows"]);
        var last = await _harness.Tracker.Store.GetRunAsync(first["last_run_id"], CancellationToken.None);
        Assert.Equal("2026-11-23T11:00:00Z", last.Data.Tags.Single(t => t.Key == MonitorJob.WindowStartTag).Value);
        Assert.Equal(1, last.Data.Metrics.Single(m => m.Key == "drift.dataset_drift").Value);
        Assert.Equal(("0", "0", first["last_run_id"]), (again["windows"], again["drifted_windows"], again["last_run_id"]));
        var log = _harness.Log.ToString();
        Assert.Contains("2026-11-23 11:00:00–12:00:00: 100 rows", log, StringComparison.Ordinal);
        Assert.Contains("(dataset drift)", log, StringComparison.Ordinal);
        Assert.Contains("done before", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WebhookSetting_ToldOfTheDriftedWindowOnly()
    {
        await using var receiver = await HttpReceiver.StartAsync();

        var outputs = await RunAsync(Ten.AddHours(2),
            ("model", "tips"), ("reference", DataFixtures.TipsPath), ("target", "tip"), ("log_root", LogRoot),
            ("webhook", new[] { receiver.Url.AbsoluteUri }), ("webhook_format", "json"));

        Assert.Equal("1", outputs["drifted_windows"]);
        var request = Assert.Single(receiver.Requests);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("data_drift", body.RootElement.GetProperty("event").GetString());
        Assert.Equal("2026-11-23T11:00:00Z", body.RootElement.GetProperty("labels").GetProperty("window_start").GetString());
        Assert.Contains("notified: webhook", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReferenceByDigest_ReadsTheVersionADataStepStored()
    {
        var data = await new DataStep().RunAsync(_harness.Context("data", StepHarness.Settings(("path", DataFixtures.TipsPath), ("target", "tip"))), CancellationToken.None);

        var outputs = await RunAsync(Ten.AddHours(2), ("model", "tips"), ("reference", data["digest"]), ("target", "tip"), ("log_root", LogRoot));

        Assert.Equal(("2", "1"), (outputs["windows"], outputs["drifted_windows"]));
        Assert.Contains($"against dataset 'tips.csv' version {data["digest"]} (244 rows)", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadWindow_ErrorNamesTheSetting()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() =>
            RunAsync(Ten, ("model", "tips"), ("reference", DataFixtures.TipsPath), ("log_root", LogRoot), ("window", "an hour")));

        Assert.StartsWith("Step 'monitor': setting 'window': 'an hour' is not a duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EmptyWebhook_NoChannelAndTheWindowsStillComputed()
    {
        // A pipeline parameter left empty (webhook: "") means no one to tell, not a bad URL.
        var outputs = await RunAsync(Ten.AddHours(2), ("model", "tips"), ("reference", DataFixtures.TipsPath), ("target", "tip"), ("log_root", LogRoot), ("webhook", ""));

        Assert.Equal(("2", "1"), (outputs["windows"], outputs["drifted_windows"]));
    }

    [Fact]
    public async Task RunAsync_NoInferenceLogYet_NoWindowAndNoFailure()
    {
        // A retrain pipeline's first run comes before anything was served: there is nothing to monitor yet.
        var outputs = await RunAsync(Ten, ("model", "tips"), ("reference", DataFixtures.TipsPath), ("log_root", "missing"));

        Assert.Equal(("0", "0", string.Empty), (outputs["windows"], outputs["drifted_windows"], outputs["last_run_id"]));
    }

    [Fact]
    public async Task RunAsync_EmailWithoutSmtpHost_ListsWhatIsMissing()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() =>
            RunAsync(Ten, ("model", "tips"), ("reference", DataFixtures.TipsPath), ("log_root", LogRoot), ("email", new[] { "ml@example.com" })));

        Assert.Equal("Step 'monitor': email needs smtp_host; email needs smtp_from.", error.Message);
    }
}
