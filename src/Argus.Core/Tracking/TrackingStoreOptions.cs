namespace Argus.Core.Tracking;

/// <summary>How a database-backed store is set up.</summary>
public sealed record TrackingStoreOptions
{
    /// <summary>
    /// Where new experiments put artifacts when no location is given: a path, a <c>file://</c> URI,
    /// or <c>mlflow-artifacts:/</c> when a server proxies artifacts.
    /// </summary>
    /// <value>Defaults to an <c>artifacts</c> folder next to a SQLite database, else <c>./artifacts</c>.</value>
    public string? DefaultArtifactRoot { get; init; }

    /// <summary>Apply schema migrations on open (the default); false makes an old schema an error.</summary>
    public bool MigrateOnOpen { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Seed for generated run names; null draws one.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Who the model registry records as the author of what this store writes (registered models,
    /// versions, alias moves, stage transitions). The HTTP client sends it to the server as the
    /// <c>X-Argus-User</c> header.
    /// </summary>
    /// <value>Null: the operating-system user (<see cref="Environment.UserName"/>).</value>
    public string? UserId { get; init; }

    /// <summary>What an <c>http(s)://</c> store authenticates to the server with.</summary>
    /// <value>Null: from the environment (<see cref="Http.TrackingCredentials.FromEnvironment"/>).</value>
    public Http.TrackingCredentials? Credentials { get; init; }
}
