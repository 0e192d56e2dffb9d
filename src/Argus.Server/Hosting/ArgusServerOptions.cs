namespace Argus.Server.Hosting;

/// <summary>How <c>argus server</c> runs.</summary>
public sealed record ArgusServerOptions
{
    /// <value>127.0.0.1: the server is reachable from this machine only unless told otherwise.</value>
    public string Host { get; init; } = "127.0.0.1";

    /// <value>5000, like MLflow; 0 picks a free port.</value>
    public int Port { get; init; } = 5000;

    /// <summary>The tracking database; null means the embedded SQLite store in the Argus home.</summary>
    public string? BackendStoreUri { get; init; }

    /// <summary>
    /// Where proxied artifacts (<c>mlflow-artifacts:/</c>) are stored: a directory or <c>s3://bucket/prefix</c>; null:
    /// <c>artifacts</c> next to a SQLite database, else <c>./artifacts</c>.
    /// </summary>
    public string? ArtifactsDestination { get; init; }

    /// <summary>
    /// How S3 is reached, for an <c>s3://</c> destination and for runs whose artifact root is <c>s3://</c>; null means
    /// the environment (<c>MLFLOW_S3_ENDPOINT_URL</c>, <c>AWS_REGION</c>) and the AWS SDK's credential chain.
    /// </summary>
    public Core.Artifacts.S3ArtifactOptions? S3 { get; init; }

    /// <summary>Artifact root for new experiments; null means <c>mlflow-artifacts:/</c> (proxied through this server).</summary>
    public string? DefaultArtifactRoot { get; init; }

    /// <summary>The built web UI (index.html, app.js, app.css); null means <c>wwwroot</c> beside the executable.</summary>
    public string? WebRoot { get; init; }

    /// <value>1,000,000 bytes, MLflow's log-batch limit, for JSON request bodies.</value>
    public long MaxJsonBodyBytes { get; init; } = 1_000_000;

    /// <value>32 MiB for log-inputs, whose dataset profile alone may be 16 MiB.</value>
    public long MaxLargeJsonBodyBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>
    /// A model to serve beside tracking, under <c>/serving/</c> (<c>/serving/invocations</c>, <c>/serving/ping</c>, the form
    /// at <c>/serving/</c>); its host, port and tracking URI are the server's own. Null serves no model.
    /// </summary>
    public Serving.ServingOptions? Serving { get; init; }

    /// <summary>
    /// The largest body of <c>POST /api/2.0/argus/model-versions/predict</c> (413 beyond), as <c>argus serve</c> limits
    /// <c>/invocations</c>.
    /// </summary>
    /// <value>16 MiB.</value>
    public long MaxPredictBodyBytes { get; init; } = 16L * 1024 * 1024;

    /// <value>5 GiB per uploaded artifact file.</value>
    public long MaxArtifactBytes { get; init; } = 5L * 1024 * 1024 * 1024;

    /// <value>1 MiB for an Alertmanager webhook message (bound its size on the Alertmanager side with <c>max_alerts</c>).</value>
    public long MaxAlertWebhookBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Channels to which each new alert received on <c>/api/v1/alerts/webhook</c> is forwarded, in the background; null
    /// forwards nothing.
    /// </summary>
    public Core.Notifications.NotificationOptions? Notifications { get; init; }

    /// <summary>
    /// Authentication and permissions (off by default; required to listen on anything but loopback unless
    /// <see cref="Auth.AuthOptions.InsecureNoAuth"/>).
    /// </summary>
    public Auth.AuthOptions Auth { get; init; } = new();

    /// <summary>Adds to the server's logging (tests capture logs with it); null changes nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
    /// <summary>Kestrel's timeouts, minimum data rates and request head sizes.</summary>
    public HttpLimits HttpLimits { get; init; } = new();

    /// <summary>The scheduler that runs stored pipeline schedules (on by default; each tick runs once across replicas).</summary>
    public Pipelines.PipelineSchedulerOptions Scheduler { get; init; } = new();
}
