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
}
