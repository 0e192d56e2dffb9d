namespace Argus.Tests.Cli;

/// <summary>What one in-process <c>argus</c> invocation returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
