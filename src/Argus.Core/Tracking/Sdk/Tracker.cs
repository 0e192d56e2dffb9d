using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Argus.Core.Diagnostics;

namespace Argus.Core.Tracking.Sdk;

/// <summary>
/// The entry point of the .NET SDK. Works against every store URI (embedded SQLite, PostgreSQL,
/// or an http(s) server), like MLflow's fluent API:
/// <code>
/// await using var tracker = await Tracker.CreateAsync();            // ARGUS_TRACKING_URI or ~/.argus
/// await using var run = await tracker.StartRunAsync("tips", "baseline");
/// run.LogParam("max_depth", "6");
/// run.LogMetric("rmse", 0.93, step: 10);
/// </code>
/// A run ends FINISHED when its scope ends normally and FAILED when an exception ends it.
/// </summary>
public sealed class Tracker : IAsyncDisposable
{
    private static readonly AsyncLocal<RunScope?> CurrentScope = new();
    private static readonly Assembly CoreAssembly = typeof(Tracker).Assembly;

    private readonly bool _ownsStore;

    private Tracker(ITrackingStore store, TrackerOptions options, bool ownsStore)
    {
        Store = store;
        Options = options;
        _ownsStore = ownsStore;
    }

    /// <summary>The store every run of this tracker writes to.</summary>
    public ITrackingStore Store { get; }

    /// <summary>The model registry of the same store: register versions, move aliases, read the audit history.</summary>
    public Registry.IModelRegistry Registry => Core.Registry.ModelRegistries.For(Store);

    public TrackerOptions Options { get; }

    /// <summary>The run opened most recently in this async flow, if it is still open.</summary>
    public static ActiveRun? ActiveRun => CurrentScope.Value?.Run is { IsEnded: false } run ? run : null;

    /// <summary>Opens the store at <paramref name="trackingUri"/> (default: <c>ARGUS_TRACKING_URI</c>, else the embedded store).</summary>
    public static async Task<Tracker> CreateAsync(string? trackingUri = null, TrackerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TrackerOptions();
        var store = await TrackingStores.OpenAsync(ArgusHome.ResolveTrackingUri(trackingUri), options.StoreOptions, cancellationToken).ConfigureAwait(false);
        return new Tracker(store, options, ownsStore: true);
    }

    /// <summary>Wraps a store the caller owns.</summary>
    public static Tracker For(ITrackingStore store, TrackerOptions? options = null) => new(store, options ?? new TrackerOptions(), ownsStore: false);

    /// <summary>
    /// Starts a run in the named experiment (created if missing; "Default" when null). Dispose the
    /// returned run (<c>await using</c>) to flush and end it. A <paramref name="parent"/> makes it a
    /// nested run (tag <c>mlflow.parentRunId</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Task<ActiveRun> StartRunAsync(
        string? experimentName = null,
        string? runName = null,
        IReadOnlyDictionary<string, string>? tags = null,
        ActiveRun? parent = null,
        CancellationToken cancellationToken = default)
    {
        // Not async on purpose: the scope set here flows into the caller's async context, so
        // exceptions thrown by the caller's own code can be told apart from anyone else's.
        var scope = new RunScope(CallerMethod(), CurrentScope.Value);
        CurrentScope.Value = scope;
        return StartCoreAsync(scope, experimentName, runName, tags, parent, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="body"/> inside a run: FINISHED when it returns, KILLED when it is
    /// cancelled, FAILED (and rethrown) when it throws.
    /// </summary>
    public async Task RunAsync(string? experimentName, string? runName, Func<ActiveRun, Task> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var run = await StartRunAsync(experimentName, runName, null, null, cancellationToken).ConfigureAwait(false);
        try
        {
            await body(run).ConfigureAwait(false);
            await run.EndAsync(RunStatus.Finished, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await run.EndAsync(RunStatus.Killed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch
        {
            await run.EndAsync(RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ActiveRun> StartCoreAsync(
        RunScope scope, string? experimentName, string? runName, IReadOnlyDictionary<string, string>? tags, ActiveRun? parent, CancellationToken cancellationToken)
    {
        var experimentId = experimentName is null
            ? Experiment.DefaultId
            : await Store.GetOrCreateExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false);
        var runTags = new List<Tag>();
        if (tags is not null)
        {
            runTags.AddRange(tags.Select(t => new Tag(t.Key, t.Value)));
        }

        if (parent is not null)
        {
            runTags.Add(new Tag(MlflowTags.ParentRunId, parent.RunId));
        }

        runTags.Add(new Tag(MlflowTags.User, Environment.UserName));
        runTags.Add(new Tag(MlflowTags.SourceType, "LOCAL"));
        runTags.Add(new Tag(MlflowTags.SourceName, Environment.ProcessPath is { } path ? Path.GetFileName(path) : "dotnet"));

        var run = await Store.CreateRunAsync(new RunCreation
        {
            ExperimentId = experimentId,
            RunName = runName,
            UserId = Environment.UserName,
            StartTime = Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            Tags = runTags,
        }, cancellationToken).ConfigureAwait(false);
        return new ActiveRun(this, run.Info, scope);
    }

    private static MethodBase? CallerMethod()
    {
        foreach (var frame in new StackTrace(1, false).GetFrames())
        {
            var method = frame.GetMethod();
            if (method?.DeclaringType?.Assembly is { } assembly && assembly != CoreAssembly)
            {
                return method;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsStore)
        {
            await Store.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Marks an async flow as the scope of a run and remembers the method that opened it.</summary>
    internal sealed class RunScope(MethodBase? owner, RunScope? parent)
    {
        public MethodBase? Owner { get; } = owner;

        /// <summary>The scope of the run that was open when this one started (nested runs).</summary>
        public RunScope? Parent { get; } = parent;

        public ActiveRun? Run { get; set; }

        public static RunScope? Current => CurrentScope.Value;
    }
}
