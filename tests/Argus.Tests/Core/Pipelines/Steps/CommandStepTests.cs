using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Tests.Cli;
using Argus.Tests.Deploy;

namespace Argus.Tests.Core.Pipelines.Steps;

/// <summary>The command kind runs real programs (sh, printf, sleep): output streamed line by line, no shell, failures and cancellation.</summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class CommandStepTests : IAsyncLifetime
{
    private StepHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await StepHarness.StartAsync("argus-command-step");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<IReadOnlyDictionary<string, string>> RunAsync(params (string, object)[] settings) =>
        new CommandStep().RunAsync(_harness.Context("script", StepHarness.Settings(settings)), CancellationToken.None);

    [Fact]
    public async Task RunAsync_StdoutAndStderr_EveryLineLogged_LastStdoutLineAndExitCodeOutput()
    {
        var outputs = await RunAsync(("run", "sh"), ("args", new[] { "-c", "echo one; echo two >&2; echo three; echo" }));

        Assert.Equal(("0", "three"), (outputs["exit_code"], outputs["stdout_last_line"]));
        var lines = _harness.Log.ToString().Split('\n');
        Assert.Contains("one", lines);
        Assert.Contains("two", lines);
        Assert.Contains("three", lines);
        Assert.Matches(@"^\$ sh -c 'echo one; echo two >&2; echo three; echo'  \(pid \d+\)$", lines[0]);
        Assert.Contains("sh exited with code 0", lines);
    }

    [Fact]
    public async Task RunAsync_Arguments_PassedAsTheyAreWithoutAShell()
    {
        var outputs = await RunAsync(("run", "printf"), ("args", new[] { "%s|", "a b", "$HOME", "*", "'quoted'" }));

        Assert.Equal("a b|$HOME|*|'quoted'|", outputs["stdout_last_line"]);
    }

    [Fact]
    public async Task RunAsync_EnvAndCwd_SetForTheProgram()
    {
        var folder = Directory.CreateDirectory(_harness.Directory.Combine("work")).FullName;

        var outputs = await RunAsync(("run", "sh"), ("args", new[] { "-c", "echo \"$GREETING from $(pwd)\"" }), ("env", new[] { "GREETING=hello=world" }), ("cwd", "work"));

        Assert.Equal($"hello=world from {folder}", outputs["stdout_last_line"]);
        Assert.Contains("env GREETING)", _harness.Log.ToString(), StringComparison.Ordinal); // names only: values may be secrets
    }

    [Fact]
    public async Task RunAsync_RelativeProgramPath_ResolvedAgainstThePipelinesFolder()
    {
        var script = _harness.Directory.Combine("tools", "hello.sh");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho hello from the script\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var outputs = await RunAsync(("run", "tools/hello.sh"));

        Assert.Equal("hello from the script", outputs["stdout_last_line"]);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_FailsWithTheCodeAndTheLastStderrLines()
    {
        var script = string.Join("; ", Enumerable.Range(1, 25).Select(i => $"echo line{i} >&2")) + "; exit 3";

        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("run", "sh"), ("args", new[] { "-c", script })));

        Assert.StartsWith("Step 'script': sh exited with code 3; the last lines of its stderr:\nline6\n", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("\nline25", error.Message, StringComparison.Ordinal);
        Assert.Contains("sh exited with code 3", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProgramNotOnPath_ErrorNamesTheSetting()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("run", "no-such-program-anywhere")));

        Assert.Equal("Step 'script': setting 'run': 'no-such-program-anywhere' is not an executable on PATH.", error.Message);
    }

    [Fact]
    public async Task RunAsync_BadEnvPair_ErrorNamesTheSetting()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("run", "true"), ("env", new[] { "=x" })));

        Assert.Equal("Step 'script': setting 'env': '=x' is not NAME=VALUE.", error.Message);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheProgramAndWhatItStarted()
    {
        var log = new LineWaitingWriter();
        using var cancel = new CancellationTokenSource();
        var context = _harness.Context("script", StepHarness.Settings(("run", "sh"), ("args", new[] { "-c", "sleep 30 & echo child $!; wait" })), log);

        var running = new CommandStep().RunAsync(context, cancel.Token);
        var started = await log.WaitForLineAsync(l => l.StartsWith("$ sh", StringComparison.Ordinal));
        var child = await log.WaitForLineAsync(l => l.StartsWith("child ", StringComparison.Ordinal)); // streamed while it runs
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var shell = int.Parse(Pid().Match(started).Groups[1].Value, CultureInfo.InvariantCulture);
        var sleep = int.Parse(child["child ".Length..], CultureInfo.InvariantCulture);
        Assert.False(Alive(shell)); // reaped before the step returned
        await Poll.UntilAsync($"the grandchild sleep (pid {sleep}) is killed", TimeSpan.FromSeconds(30), () => Task.FromResult((!Alive(sleep), $"state of {sleep}: {State(sleep)}")));
        Assert.Contains($"Cancelled: killed sh (pid {shell})", log.ToString(), StringComparison.Ordinal);
    }

    // A process is gone when /proc no longer has it, or it is a zombie waiting for its parent to reap it.
    private static bool Alive(int pid) => State(pid) is { } state && state is not ('Z' or 'X');

    private static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\(pid (\d+)\)")]
    private static partial Regex Pid();
}
