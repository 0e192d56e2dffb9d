namespace Argus.Cli;

/// <summary>The exit codes of <c>argus</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed: <c>error: …</c> on stderr.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown option, missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C) before it finished, as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
