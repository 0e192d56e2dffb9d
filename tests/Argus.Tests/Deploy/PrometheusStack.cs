using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Argus.Core.Data;
using Argus.Core.Inference;
using Argus.Core.Jobs;
using Argus.Core.Monitoring.Windows;
using Argus.Core.Registry;
using Argus.Core.Tracking.Sdk;
using Argus.Server.Hosting;
using Argus.Server.Serving;
using Argus.Tests.Core.Data;
using Argus.Tests.Core.Inference;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Training;
using YamlDotNet.RepresentationModel;

namespace Argus.Tests.Deploy;

/// <summary>
/// Argus in a real Prometheus stack, set up once: an <c>argus server</c> and an <c>argus serve</c> of the registered tips
/// model (inference log on) in-process on loopback; normal, then drifted scoring traffic with ground truth, and bad
/// requests; a monitor window over the drifted traffic pushed as job <c>monitor/tips</c> and a failed <c>train/tips</c>
/// run, both through <see cref="JobPush"/> to a Pushgateway; an Alertmanager and a Prometheus run from the files under
/// deploy/ (copies in their temp folders, with the test's addresses and short intervals).
/// </summary>
public sealed class PrometheusStack : IAsyncLifetime
{
    public const string Model = "tips";
    public const string MonitorJobName = "monitor/tips";
    public const string FailedJobName = "train/tips";

    private static readonly string[] Features = ["total_bill", "sex", "smoker", "day", "time", "size"];
    private readonly TempDirectory _directory = new("argus-stack");
    private readonly List<IAsyncDisposable> _stopLast = [];

    public RunningServer ArgusServer { get; private set; } = null!;

    public RunningServer ModelServer { get; private set; } = null!;

    public PrometheusDaemon Pushgateway { get; private set; } = null!;

    public PrometheusDaemon Alertmanager { get; private set; } = null!;

    public PrometheusDaemon Prometheus { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The monitor window computed over the drifted traffic.</summary>
    public MonitorWindow DriftWindow { get; private set; } = null!;

    /// <summary>Warnings JobPush reported (a push that failed).</summary>
    public List<string> PushWarnings { get; } = [];

    private string TrackingUri => ArgusServer.Url.ToString().TrimEnd('/');

    private string InferenceLog => _directory.Combine("inference");

    public async Task InitializeAsync()
    {
        ArgusServer = await Argus.Server.Hosting.ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = _directory.SqliteUri(),
            ArtifactsDestination = _directory.Combine("artifacts"),
        });
        _stopLast.Add(ArgusServer);
        await RegisterTipsModelAsync();
        ModelServer = await Argus.Server.Serving.ModelServer.StartAsync(new ServingOptions
        {
            ModelUri = $"models:/{Model}/1",
            TrackingUri = TrackingUri,
            Port = 0,
            InferenceLogDirectory = InferenceLog,
        });
        _stopLast.Add(ModelServer);

        Pushgateway = await PrometheusDaemon.StartAsync("prometheus-pushgateway", (port, _) => [$"--web.listen-address=127.0.0.1:{port}"]);
        _stopLast.Add(Pushgateway);
        var driftStart = await SendWorkloadAsync();
        await PushJobsAsync(driftStart);

        // The config files are written into each daemon's own temp folder as it starts (the callback gets port and folder).
        Alertmanager = await PrometheusDaemon.StartAsync("prometheus-alertmanager", (port, folder) =>
        {
            WriteAlertmanagerConfig(Path.Combine(folder, "alertmanager.yml"));
            return [$"--config.file={folder}/alertmanager.yml", $"--storage.path={folder}/data", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="];
        });
        _stopLast.Add(Alertmanager);
        Prometheus = await PrometheusDaemon.StartAsync("prometheus", (port, folder) =>
        {
            WritePrometheusConfig(folder);
            return [$"--config.file={folder}/prometheus.yml", $"--storage.tsdb.path={folder}/data", $"--web.listen-address=127.0.0.1:{port}"];
        });
        _stopLast.Add(Prometheus);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _stopLast.Reverse();
        foreach (var running in _stopLast)
        {
            await running.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>The <c>instance</c> label Prometheus gives a target of ours.</summary>
    public static string Instance(Uri url) => $"127.0.0.1:{url.Port}";

    private async Task RegisterTipsModelAsync()
    {
        // Trained and registered through the tracking server's REST API, as a user's `argus train` would.
        await using var tracker = await Tracker.CreateAsync(TrackingUri);
        var outcome = await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 30 });
        var registry = ModelRegistries.For(tracker.Store);
        await registry.CreateRegisteredModelAsync(Model, null, [], CancellationToken.None);
        var run = await tracker.Store.GetRunAsync(outcome.RunId, CancellationToken.None);
        await registry.CreateModelVersionAsync(new ModelVersionCreation(Model, run.Info.ArtifactUri + "/model") { RunId = outcome.RunId }, CancellationToken.None);
    }

    /// <summary>Sends the traffic; returns when the drifted part began.</summary>
    private async Task<DateTimeOffset> SendWorkloadAsync()
    {
        using var http = new HttpClient { BaseAddress = ModelServer.Url, Timeout = TimeSpan.FromSeconds(30) };
        var rows = File.ReadAllLines(DataFixtures.TipsPath).Skip(1)
            .Select(line => line.Split(',').Select(cell => cell.Trim('"')).ToArray())
            .ToList();
        const int Batch = 8;

        // Normal traffic: the training data as it is, and one request with a missing value.
        for (var i = 0; i * Batch < rows.Count; i++)
        {
            await ScoreAsync(http, $"normal-{i}", rows.Skip(i * Batch).Take(Batch).Select(r => Row(r, drifted: false)));
        }

        await ScoreAsync(http, "normal-missing", [$"[{rows[0][0]}, \"Female\", null, \"Sun\", \"Dinner\", 2]"]);

        // Bad requests: a column the model does not know (400) and a content type it does not take (415).
        using (var wrong = await http.PostAsync("/invocations", new StringContent("""{"dataframe_records": [{"total_bill": "x", "colour": 1}]}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using (var unsupported = await http.PostAsync("/invocations", new StringContent("16.99", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        }

        // Drifted traffic: bills tripled, every guest a smoker, every meal a lunch, parties two larger; with ground truth.
        var driftStart = TimeProvider.System.GetUtcNow();
        var feedback = new List<string>();
        var driftRequests = 0;
        for (var i = 0; i * Batch < rows.Count; i++)
        {
            var batch = rows.Skip(i * Batch).Take(Batch).ToList();
            await ScoreAsync(http, $"drift-{i}", batch.Select(r => Row(r, drifted: true)));
            feedback.Add($$"""{"request_id": "drift-{{i}}", "actual": [{{string.Join(", ", batch.Select(r => r[1]))}}]}""");
            driftRequests++;
        }

        using (var sent = await http.PostAsync("/feedback", new StringContent($"[{string.Join(", ", feedback)}]", Encoding.UTF8, "application/json")))
        {
            Assert.True(sent.StatusCode == HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        }

        // The server writes its inference log in the background: wait until every drifted request is there with its truth.
        await Poll.UntilAsync("the inference log holds every drifted request with its ground truth", TimeSpan.FromSeconds(60), async () =>
        {
            var (logged, withActual) = (0, 0);
            await foreach (var joined in new FeedbackLog(InferenceLog).ReadJoinedAsync(Model, driftStart, DateTimeOffset.MaxValue, CancellationToken.None))
            {
                logged++;
                withActual += joined.HasActual ? 1 : 0;
            }

            return (logged == driftRequests && withActual == driftRequests, $"{logged} logged, {withActual} with actuals of {driftRequests}");
        });
        return driftStart;
    }

    private static string Row(string[] r, bool drifted)
    {
        // tips.csv: total_bill, tip, sex, smoker, day, time, size
        var bill = double.Parse(r[0], CultureInfo.InvariantCulture) * (drifted ? 3 : 1);
        var size = int.Parse(r[6], CultureInfo.InvariantCulture) + (drifted ? 2 : 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{bill}, \"{r[2]}\", \"{(drifted ? "Yes" : r[3])}\", \"{r[4]}\", \"{(drifted ? "Lunch" : r[5])}\", {size}]");
    }

    private static async Task ScoreAsync(HttpClient http, string requestId, IEnumerable<string> rows)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations")
        {
            Content = new StringContent(
                $$$"""{"dataframe_split": {"columns": {{{JsonSerializer.Serialize(Features)}}}, "data": [{{{string.Join(", ", rows)}}}]}}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("X-Request-Id", requestId);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{requestId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task PushJobsAsync(DateTimeOffset driftStart)
    {
        var push = new JobPushOptions(Pushgateway.BaseAddress, "stack-test");
        Task Warn(string line)
        {
            lock (PushWarnings)
            {
                PushWarnings.Add(line);
            }

            return Task.CompletedTask;
        }

        // One day windows from driftStart on, computed by a clock a day ahead so the window has ended: the real drift
        // computation over the drifted traffic, recorded as runs on the tracking server.
        await using var tracker = await Tracker.CreateAsync(TrackingUri);
        var reference = TableLoader.Load(DataFixtures.TipsPath, new ColumnMapping { Target = "tip", Task = "regression" });
        var windows = await JobPush.RunAsync(MonitorJobName, push, () => MonitorJob.RunAsync(tracker, new MonitorOptions
        {
            Model = Model,
            LogRoot = InferenceLog,
            Reference = reference,
            Window = TimeSpan.FromDays(1),
            Since = driftStart,
            TimeProvider = new ManualTimeProvider(TimeProvider.System.GetUtcNow().AddDays(1).AddMinutes(1)),
        }), Warn, TimeProvider.System);
        Assert.NotEmpty(windows);
        DriftWindow = windows[^1];
        var drift = DriftWindow.Report?.Drift;
        Assert.True(drift is { DatasetDrift: true },
            $"the drifted window shows no dataset drift: {string.Join(", ", drift?.Columns.Select(c => $"{c.Column} {c.StatTest} {c.Score} {c.DriftDetected}") ?? [])}");

        // A training run that fails: the failure series (argus_job_failures_total, ..._last_failure_timestamp_seconds).
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            JobPush.RunAsync<int>(FailedJobName, push, () => throw new InvalidOperationException("the training data is missing"), Warn, TimeProvider.System));
    }

    // deploy/alertmanager/alertmanager.yml, copied with the webhook URL pointed at this test's argus server and
    // group_wait/group_interval shortened from 30s/5m to 1s so the first notification leaves at once.
    private void WriteAlertmanagerConfig(string path)
    {
        var config = DeployFiles.LoadYaml(DeployFiles.Deploy("alertmanager", "alertmanager.yml"));
        var route = (YamlMappingNode)config.Children["route"];
        route.Children["group_wait"] = new YamlScalarNode("1s");
        route.Children["group_interval"] = new YamlScalarNode("1s");
        var receiver = ((YamlSequenceNode)config.Children["receivers"]).Children.Cast<YamlMappingNode>().Single(r => r.Children["name"].ToString() == "argus");
        var webhook = (YamlMappingNode)((YamlSequenceNode)receiver.Children["webhook_configs"]).Children.Single();
        webhook.Children["url"] = new YamlScalarNode(new Uri(ArgusServer.Url, "/api/v1/alerts/webhook").ToString());
        Save(config, path);
    }

    // deploy/prometheus/prometheus.yml, copied with 1s scrape and evaluation intervals, the three scrape jobs pointed at
    // this test's ports and alerts sent to its Alertmanager; the shipped rules are copied unchanged into rules/, which the
    // file's rule_files (rules/*.yml) names. No alert's `for:` is rewritten: ArgusDataDriftDetected has none.
    private void WritePrometheusConfig(string folder)
    {
        var rules = Directory.CreateDirectory(Path.Combine(folder, "rules")).FullName;
        foreach (var file in DeployFiles.Files("prometheus/rules", "*.yml"))
        {
            File.Copy(file, Path.Combine(rules, Path.GetFileName(file)));
        }

        var config = DeployFiles.LoadYaml(DeployFiles.Deploy("prometheus", "prometheus.yml"));
        var global = (YamlMappingNode)config.Children["global"];
        global.Children["scrape_interval"] = new YamlScalarNode("1s");
        global.Children["scrape_timeout"] = new YamlScalarNode("1s");
        global.Children["evaluation_interval"] = new YamlScalarNode("1s");
        var alertmanager = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)config.Children["alerting"]).Children["alertmanagers"]).Children.Single();
        SetTargets(alertmanager, Instance(Alertmanager.BaseAddress));
        var targets = new Dictionary<string, Uri>(StringComparer.Ordinal)
        {
            ["argus-server"] = ArgusServer.Url,
            ["argus-serving"] = ModelServer.Url,
            ["pushgateway"] = Pushgateway.BaseAddress,
        };
        var jobs = ((YamlSequenceNode)config.Children["scrape_configs"]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(targets.Keys.Order(StringComparer.Ordinal), jobs.Select(j => j.Children["job_name"].ToString()).Order(StringComparer.Ordinal));
        foreach (var job in jobs)
        {
            SetTargets(job, Instance(targets[job.Children["job_name"].ToString()]));
        }

        Save(config, Path.Combine(folder, "prometheus.yml"));
    }

    private static void SetTargets(YamlMappingNode withStaticConfigs, string target)
    {
        var staticConfig = (YamlMappingNode)((YamlSequenceNode)withStaticConfigs.Children["static_configs"]).Children.Single();
        staticConfig.Children["targets"] = new YamlSequenceNode(new YamlScalarNode(target));
    }

    private static void Save(YamlMappingNode root, string path)
    {
        using var writer = new StreamWriter(path);
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
    }
}
