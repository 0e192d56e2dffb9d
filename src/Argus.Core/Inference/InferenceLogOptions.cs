using Argus.Core.Errors;

namespace Argus.Core.Inference;

/// <summary>How an <see cref="InferenceLogWriter"/> buffers, writes and gives up.</summary>
public sealed record InferenceLogOptions
{
    /// <summary>The log's root directory; partitions go under <c>&lt;root&gt;/&lt;model&gt;/…</c>.</summary>
    public required string Root { get; init; }

    /// <summary>How many records may wait in memory for the background writer.</summary>
    /// <value>100 000</value>
    public int Capacity { get; init; } = 100_000;

    /// <summary>
    /// How long <see cref="InferenceLogWriter.WriteAsync"/> waits for room when the buffer is full before it drops the
    /// record and counts it. <see cref="TimeSpan.Zero"/> drops at once; <see cref="Timeout.InfiniteTimeSpan"/> waits
    /// for room however long it takes (nothing is dropped while the writer runs).
    /// </summary>
    /// <value>5 ms</value>
    public TimeSpan MaxBlock { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The longest a written record may wait for an fsync: files are flushed to the OS after every batch and fsynced at
    /// most this often (and when a file is closed, on <see cref="InferenceLogWriter.FlushAsync"/> and at shutdown).
    /// </summary>
    /// <value>1 s</value>
    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After a batch smaller than the most it takes at once, how long the writer waits before taking the next: records
    /// that arrive meanwhile share one wake-up and one write instead of one each, which is what a busy server's
    /// throughput pays for. <see cref="InferenceLogWriter.FlushAsync"/> and shutdown cut the wait short; zero writes each
    /// record as soon as the writer sees it.
    /// </summary>
    /// <value>2 ms</value>
    public TimeSpan BatchDelay { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// This process's id in file names (<c>&lt;HH&gt;-&lt;instance&gt;.jsonl</c>): letters, digits, '_', '.', '-'. Replicas that
    /// share a root must have different ids.
    /// </summary>
    /// <value>Null: host name, process id and a random suffix.</value>
    public string? Instance { get; init; }

    /// <summary>The first wait before a failed write is retried; each further failure doubles it.</summary>
    /// <value>100 ms</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between retries of a failed write.</summary>
    /// <value>5 s</value>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// At shutdown, how long a failing disk is retried before the records still in memory are given up (logged and
    /// counted as dropped). A healthy disk never waits for this.
    /// </summary>
    /// <value>30 s</value>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for the fsync interval, the retry waits, <see cref="BatchDelay"/> and <see cref="MaxBlock"/>.</summary>
    /// <value><see cref="TimeProvider.System"/></value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Test seam: called on the writer's task around file operations, with the file's path.</summary>
    internal Action<InferenceLogIo, string>? IoHook { get; init; }

    /// <summary>Throws one <see cref="ArgusException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Root))
        {
            problems.Add("root must not be empty");
        }

        if (Capacity < 1)
        {
            problems.Add($"capacity must be at least 1 (got {Capacity})");
        }

        if (MaxBlock < TimeSpan.Zero && MaxBlock != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"max block must be zero or more, or infinite (got {MaxBlock})");
        }

        if (BatchDelay < TimeSpan.Zero || BatchDelay > FsyncInterval)
        {
            problems.Add($"batch delay must be between zero and the fsync interval (got {BatchDelay})");
        }

        if (FsyncInterval <= TimeSpan.Zero)
        {
            problems.Add($"fsync interval must be positive (got {FsyncInterval})");
        }

        if (Instance is not null && InferenceLogPaths.InstanceProblem(Instance) is { } instanceProblem)
        {
            problems.Add(instanceProblem);
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            problems.Add($"retry delay must be zero or more (got {RetryDelay})");
        }

        if (MaxRetryDelay < RetryDelay)
        {
            problems.Add($"max retry delay must be at least the retry delay (got {MaxRetryDelay} < {RetryDelay})");
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            problems.Add($"shutdown timeout must be zero or more (got {ShutdownTimeout})");
        }

        if (TimeProvider is null)
        {
            problems.Add("time provider must be set");
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid inference log options: " + string.Join("; ", problems));
        }
    }
}
