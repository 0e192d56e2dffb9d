using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Argus.Core.Errors;

namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// <c>kind: command</c>: runs a program without a shell — its arguments are passed as they are, so nothing is expanded
/// or split — streaming its stdout and stderr into the step's log line by line as they come. Cancellation (or the step's
/// timeout) kills the program and every process it started. A non-zero exit fails the attempt with the exit code and the
/// last lines of stderr.
/// </summary>
public sealed class CommandStep : IStepKind
{
    /// <summary>How many of the last stderr lines a failure message quotes.</summary>
    public const int StderrTailLines = 20;

    public string Name => "command";

    public string Description => "Run a program (no shell), streaming its output into the step's log; fails on a non-zero exit.";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("run", true, "The program: a name looked up on PATH, or a path (relative to cwd)."),
        new("args", false, "Its arguments, passed as they are (no shell).", IsList: true),
        new("env", false, "Environment variables to set, as NAME=VALUE.", IsList: true),
        new("cwd", false, "The folder it runs in (default the pipeline file's folder)."),
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var program = context.Text("run").Trim();
        var cwd = context.LocalPathOrNull("cwd") ?? context.WorkingDirectory;
        if (!Directory.Exists(cwd))
        {
            throw context.SettingError("cwd", $"the folder '{cwd}' does not exist.");
        }

        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = cwd,
        };
        foreach (var argument in context.List("args"))
        {
            info.ArgumentList.Add(argument);
        }

        var names = new List<string>();
        foreach (var pair in context.List("env"))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw context.SettingError("env", $"'{pair}' is not NAME=VALUE.");
            }

            info.Environment[pair[..equals]] = pair[(equals + 1)..];
            names.Add(pair[..equals]);
        }

        info.FileName = Resolve(context, program, cwd, info.Environment.TryGetValue("PATH", out var path) ? path : null);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw context.SettingError("run", $"'{program}' did not start.");
        }
        catch (Win32Exception e)
        {
            throw context.SettingError("run", $"cannot start '{info.FileName}': {e.Message}.");
        }

        using (process)
        {
            process.StandardInput.Close();
            await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"$ {Quote(program)}{string.Concat(info.ArgumentList.Select(a => " " + Quote(a)))}  (pid {process.Id}{(names.Count > 0 ? $", env {string.Join(", ", names)}" : string.Empty)})")).ConfigureAwait(false);

            var log = new SemaphoreSlim(1, 1);
            var tail = new Queue<string>();
            string? lastLine = null;
            var stdout = PumpAsync(process.StandardOutput, log, context.Log, line =>
            {
                if (line.Trim().Length > 0)
                {
                    lastLine = line;
                }
            }, cancellationToken);
            var stderr = PumpAsync(process.StandardError, log, context.Log, line =>
            {
                tail.Enqueue(line);
                if (tail.Count > StderrTailLines)
                {
                    tail.Dequeue();
                }
            }, cancellationToken);
            var pumps = Task.WhenAll(stdout, stderr);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                KillTree(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);

                // The pumps end with the pipes; a process that escaped the tree may hold them, so they are not awaited.
                _ = pumps.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Cancelled: killed {Quote(program)} (pid {process.Id}) and the processes it started")).ConfigureAwait(false);
                throw;
            }

            await pumps.ConfigureAwait(false);
            var code = process.ExitCode;
            await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Quote(program)} exited with code {code}")).ConfigureAwait(false);
            if (code != 0)
            {
                throw new ArgusException(ErrorCode.InvalidState, tail.Count == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"Step '{context.StepName}': {Quote(program)} exited with code {code} (nothing on stderr).")
                    : string.Create(CultureInfo.InvariantCulture, $"Step '{context.StepName}': {Quote(program)} exited with code {code}; the last lines of its stderr:\n{string.Join("\n", tail)}"));
            }

            return new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["exit_code"] = code.ToString(CultureInfo.InvariantCulture),
                ["stdout_last_line"] = lastLine ?? string.Empty,
            };
        }
    }

    private static async Task PumpAsync(StreamReader reader, SemaphoreSlim gate, TextWriter log, Action<string> seen, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                seen(line);
                await log.WriteLineAsync(line).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
        catch (Win32Exception)
        {
            // Some descendant could not be signalled (it exited, or is not ours); the program itself was.
        }
    }

    // Without a shell there is no PATH lookup but .NET's own, which also tries the current and the application's folder
    // first; looking up PATH here keeps it to what a shell would run, and a miss can be said plainly.
    private static string Resolve(StepContext context, string program, string cwd, string? pathVariable)
    {
        if (program.Length == 0)
        {
            throw context.SettingError("run", "is empty.");
        }

        if (program.Contains('/', StringComparison.Ordinal) || program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return Path.GetFullPath(program, cwd);
        }

        if (OperatingSystem.IsWindows())
        {
            return program;
        }

        foreach (var folder in (pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        throw context.SettingError("run", $"'{program}' is not an executable on PATH.");
    }

    private static string Quote(string text) =>
        text.Length > 0 && text.AsSpan().IndexOfAny(" \t\n'\"\\$`*?;&|<>()") < 0 ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
