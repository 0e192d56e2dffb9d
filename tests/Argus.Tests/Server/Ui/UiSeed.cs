using System.Globalization;
using System.Text;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// A real Argus server seeded for the UI tests: three experiments; in <see cref="Tips"/> a parent run with two
/// children, four more runs (rmse 0.4 to 2.5, params, tags, a metric history of ten steps each) and artifacts (text,
/// JSON, an HTML report) on <see cref="Trial1"/>.
/// </summary>
public sealed class UiSeed : IAsyncLifetime
{
    /// <summary>Top-level runs and their final rmse, as logged.</summary>
    public static readonly (string Name, double Rmse)[] TopLevel = [("baseline", 2.5), ("tuned", 0.4), ("wide", 1.7), ("deep", 0.9), ("sweep", 1.2)];

    public const string NotesText = "Trained on the waiter-tips data.\nSecond line.";

    public ServerFixture Server { get; } = new();

    public string Tips { get; private set; } = "";

    public string Iris { get; private set; } = "";

    public string Sweep { get; private set; } = "";

    public string Trial1 { get; private set; } = "";

    public string Trial2 { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Tips = await Server.CreateExperimentAsync("ui-tips");
        Iris = await Server.CreateExperimentAsync("ui-iris");
        await Server.CreateExperimentAsync("other-project");

        var start = 1_700_000_000_000L;
        foreach (var (name, rmse) in TopLevel)
        {
            var id = await RunAsync(Tips, name, start, rmse, lr: rmse / 10, parent: null);
            start += 60_000;
            if (name == "sweep")
            {
                Sweep = id;
            }
        }

        Trial1 = await RunAsync(Tips, "trial-1", start, 0.7, lr: 0.05, parent: Sweep);
        Trial2 = await RunAsync(Tips, "trial-2", start + 1000, 1.4, lr: 0.2, parent: Sweep);
        await RunAsync(Iris, "iris-run", start, 0.1, lr: 0.3, parent: null);

        var uri = (await Server.GetRunAsync(Trial1)).GetProperty("info").GetProperty("artifact_uri").GetString()!;
        var root = uri["mlflow-artifacts:/".Length..];
        await PutAsync($"{root}/notes.txt", NotesText);
        await PutAsync($"{root}/metrics.json", """{"rmse":0.7,"r2":0.41}""");
        await PutAsync($"{root}/reports/drift.html", "<!doctype html><title>Drift</title><h1>Drift report</h1>");
    }

    public Task DisposeAsync() => Server.DisposeAsync();

    private async Task<string> RunAsync(string experimentId, string name, long start, double finalRmse, double lr, string? parent)
    {
        var tags = parent is null ? "" : $$""","tags":[{"key":"mlflow.parentRunId","value":"{{parent}}"}]""";
        var id = await Server.CreateRunAsync(experimentId, string.Create(CultureInfo.InvariantCulture, $"\"run_name\":\"{name}\",\"start_time\":{start}{tags}"));
        var metrics = new StringBuilder();
        for (var step = 0; step < 10; step++)
        {
            // Falls from finalRmse + 9 to finalRmse; the last step holds the logged value the table shows.
            var rmse = finalRmse + (9 - step);
            metrics.Append(CultureInfo.InvariantCulture, $$"""{"key":"rmse","value":{{rmse}},"timestamp":{{start + (step * 1000)}},"step":{{step}}},""");
            metrics.Append(CultureInfo.InvariantCulture, $$"""{"key":"mae","value":{{rmse / 2}},"timestamp":{{start + (step * 1000)}},"step":{{step}}},""");
        }

        var batch = $$"""
            {"run_id":"{{id}}","metrics":[{{metrics.ToString().TrimEnd(',')}}],
             "params":[{"key":"lr","value":"{{lr.ToString(CultureInfo.InvariantCulture)}}"},{"key":"max_depth","value":"6"}],
             "tags":[{"key":"team","value":"ui"},{"key":"level","value":"{{(parent is null ? "top" : "child")}}"}]}
            """;
        (await Server.PostAsync(ServerFixture.Api + "/runs/log-batch", batch)).AssertOk();
        (await Server.PostAsync(ServerFixture.Api + "/runs/update",
            $$"""{"run_id":"{{id}}","status":"FINISHED","end_time":{{start + 12_345}}}""")).AssertOk();
        return id;
    }

    private async Task PutAsync(string path, string text)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        (await Server.SendAsync(HttpMethod.Put, $"{ServerFixture.ArtifactsApi}/{path}", content)).AssertOk();
    }
}
