namespace Argus.Server.Pipelines;

/// <summary>How the scheduler inside <c>argus server</c> runs the stored pipeline schedules.</summary>
public sealed record PipelineSchedulerOptions
{
    /// <summary>Whether this server runs schedules (several replicas may all run it: each tick runs once among them).</summary>
    /// <value>true</value>
    public bool Enabled { get; init; } = true;

    /// <summary>How often the schedules are read and due ticks claimed; a tick runs at most this late.</summary>
    /// <value>15 seconds</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a running pipeline refreshes its heartbeat; runs silent for four times this are failed as abandoned.</summary>
    /// <value>15 seconds</value>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Names this server in claimed ticks and runs: host, process and a random suffix, unique per server.</summary>
    public string Owner { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
