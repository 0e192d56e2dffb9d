namespace Argus.Server.Serving;

/// <summary>How <c>argus serve</c> runs.</summary>
public sealed record ServingOptions
{
    /// <summary>The model to serve: <c>models:/NAME@ALIAS</c>, <c>models:/NAME/VERSION</c>, <c>runs:/ID/model</c> or a package folder.</summary>
    public required string ModelUri { get; init; }

    /// <summary>Where registered models and runs are looked up (sqlite:///…, postgresql://…, http://…); null: the default local store.</summary>
    public string? TrackingUri { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 5001;

    /// <summary>How often an alias, stage or "latest" is looked up again; a new version is loaded and swapped in.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest request body accepted (413 beyond).</summary>
    /// <value>16 MiB.</value>
    public long MaxBodyBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Kestrel's timeouts, minimum data rates and request head sizes for <c>argus serve</c>.</summary>
    public Hosting.HttpLimits HttpLimits { get; init; } = new();

    /// <summary>
    /// Where every prediction is logged (request id, time, model version, inputs, outputs, latency), partitioned by
    /// model, day and hour; null turns the inference log off.
    /// </summary>
    public string? InferenceLogDirectory { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
