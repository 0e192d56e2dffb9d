using Argus.Cli;
using Argus.Core.Tracking;

namespace Argus.Tests.Cli;

/// <summary>
/// A fresh temp directory with a SQLite tracking store in it, and a way to run <c>argus</c>
/// in-process against it. The directory is deleted on dispose.
/// </summary>
internal sealed class CliSandbox : IDisposable
{
    public CliSandbox()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"argus-cli-tests-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = Path.Combine(Directory, "argus.db");
        TrackingUri = "sqlite:///" + DatabasePath;
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    /// <summary><c>sqlite:////tmp/…/argus.db</c> (the absolute form).</summary>
    public string TrackingUri { get; }

    /// <summary>Runs <c>argus</c> with exactly these arguments.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await ArgusCli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <c>argus</c> with <c>--tracking-uri</c> set to this sandbox's store.</summary>
    public Task<CliResult> RunWithStoreAsync(params string[] args) => RunAsync([.. args, "--tracking-uri", TrackingUri]);

    public Task<ITrackingStore> OpenStoreAsync() => TrackingStores.OpenAsync(TrackingUri);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans its temp folder; a leftover must not fail a test.
        }
    }

    /// <summary>Runs <c>argus</c> in-process with pipelines validated and run with <paramref name="kinds"/>.</summary>
    public static async Task<CliResult> RunAsync(Argus.Core.Pipelines.Steps.StepKindCatalog kinds, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await ArgusCli.RunAsync(ArgusCli.CreateRootCommand(kinds), args, stdout, stderr, CancellationToken.None);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
