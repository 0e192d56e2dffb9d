using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Pipelines.Steps;

/// <summary>
/// What a step kind sees in a pipeline run, for real: a tracker on a fresh SQLite store in a temporary folder (also the
/// pipeline's folder), and a log kept as text.
/// </summary>
public sealed class StepHarness : IAsyncDisposable
{
    private StepHarness(TempDirectory directory, Tracker tracker)
    {
        Directory = directory;
        Tracker = tracker;
    }

    public TempDirectory Directory { get; }

    public Tracker Tracker { get; }

    /// <summary>The log of the attempts built by <see cref="Context"/> without a writer of their own.</summary>
    public StringWriter Log { get; } = new();

    public static async Task<StepHarness> StartAsync(string prefix = "argus-steps")
    {
        var directory = new TempDirectory(prefix);
        return new StepHarness(directory, await Tracker.CreateAsync(directory.SqliteUri()));
    }

    /// <summary>One attempt of step <paramref name="step"/> of pipeline <c>nightly</c>, run <c>run-1</c>, with these settings.</summary>
    public StepContext Context(string step, IReadOnlyDictionary<string, StepValue> settings, TextWriter? log = null, TimeProvider? time = null, string? workingDirectory = null) => new()
    {
        PipelineName = "nightly",
        PipelineRunId = "run-1",
        StepName = step,
        Attempt = 1,
        Settings = settings,
        Parameters = new Dictionary<string, string>(),
        Tracker = Tracker,
        Log = log ?? Log,
        WorkingDirectory = workingDirectory ?? Directory.Path,
        TimeProvider = time ?? TimeProvider.System,
    };

    /// <summary>Settings from pairs: a string is a text value, a string array a list.</summary>
    public static Dictionary<string, StepValue> Settings(params (string Name, object Value)[] settings) =>
        settings.ToDictionary(s => s.Name, s => s.Value switch
        {
            string text => StepValue.Of(text),
            string[] list => StepValue.Of(list),
            _ => throw new ArgumentException($"Setting {s.Name} is neither text nor a list.", nameof(settings)),
        }, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Tracker.DisposeAsync();
        Directory.Dispose();
    }
}
