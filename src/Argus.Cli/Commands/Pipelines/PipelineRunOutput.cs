using System.Globalization;
using Argus.Core;
using Argus.Core.Jobs;
using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tracking.Sdk;
using Microsoft.Extensions.Logging;

namespace Argus.Cli.Commands.Pipelines;

/// <summary>
/// What <c>argus pipeline run</c> and <c>retry</c> share: the runner they run with, the progress they print (each step's
/// start and end with its state and duration, and its log lines as they come, prefixed with the step's name), and the
/// end: a summary, with the failed steps and what to do next when the run failed.
/// </summary>
internal sealed class PipelineRunOutput
{
    private readonly CliContext _context;
    private readonly Lock _gate = new();

    public PipelineRunOutput(CliContext context) => _context = context;

    /// <summary>A runner that records in <paramref name="tracker"/>'s store and prints progress here.</summary>
    public PipelineRunner Runner(Tracker tracker, StepKindCatalog kinds, string? pushgateway) => new(new PipelineRunnerOptions
    {
        Tracker = tracker,
        Store = PipelineStores.For(tracker.Store),
        Kinds = kinds,
        Push = JobPushOptions.From(pushgateway),
        Logger = new WarningLogger(_context.Error),
        OnLogLine = (step, line) => Write($"[{step}] {line}"),
        OnStepChanged = Changed,
    });

    /// <summary>Prints how the run ended; the exit code: 0 when it succeeded, 1 when it failed.</summary>
    public async Task<int> EndAsync(PipelineRun run)
    {
        var took = Elapsed((run.EndTime ?? run.StartTime) - run.StartTime);
        var which = run.RetryOf is null ? $"run {run.RunId}" : $"run {run.RunId} (retry of {run.RetryOf})";
        if (run.State == PipelineRunState.Succeeded)
        {
            await _context.WriteLineAsync($"Pipeline {run.Pipeline}: {which} succeeded in {took}.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var error = _context.Error;
        await error.WriteLineAsync($"error: pipeline {run.Pipeline}: {which} failed after {took}: {run.Message}").ConfigureAwait(false);
        var failed = run.Steps.Where(s => s.State == StepState.Failed).ToList();
        foreach (var step in failed)
        {
            await error.WriteLineAsync($"  {step.Step} failed after {Attempts(step.Attempts)}: {step.Error}").ConfigureAwait(false);
        }

        if (failed.Count > 0)
        {
            await error.WriteLineAsync($"Its log:    argus pipeline logs {run.RunId} --step {failed[0].Step}").ConfigureAwait(false);
        }

        await error.WriteLineAsync($"Retry it:   argus pipeline retry {run.RunId}   (succeeded steps are not run again)").ConfigureAwait(false);
        return ExitCodes.Failure;
    }

    /// <summary>Under a minute with a tenth of a second (<c>4.2s</c>), else as durations are written (<c>1h3m</c>).</summary>
    public static string Elapsed(TimeSpan elapsed) => elapsed < TimeSpan.FromMinutes(1)
        ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
        : Durations.Format(TimeSpan.FromSeconds(Math.Round(elapsed.TotalSeconds)));

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private void Changed(StepRun step)
    {
        switch (step.State)
        {
            case StepState.Running when step.Attempts == 0:
                Write($"[{step.Step}] started ({step.Kind})");
                break;
            case StepState.Succeeded:
                Write($"[{step.Step}] succeeded in {Elapsed(Took(step))}");
                break;
            case StepState.Failed:
                Write($"[{step.Step}] FAILED after {Attempts(step.Attempts)} in {Elapsed(Took(step))}: {step.Error}");
                break;
            case StepState.Skipped:
                Write($"[{step.Step}] skipped: {step.Error}");
                break;
        }
    }

    private static TimeSpan Took(StepRun step) => (step.EndTime ?? step.StartTime ?? default) - (step.StartTime ?? default);

    // Steps run at once: one line at a time.
    private void Write(string line)
    {
        lock (_gate)
        {
            _context.Out.WriteLine(line);
        }
    }

    /// <summary>Prints the runner's warnings (a push or heartbeat that failed) as <c>warning: …</c> lines.</summary>
    private sealed class WarningLogger(TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (error)
                {
                    error.WriteLine("warning: " + formatter(state, exception));
                }
            }
        }
    }
}
