using Spectre.Console;

namespace Argus.Cli.Output;

/// <summary>Creates the Spectre.Console console tables are rendered to.</summary>
internal static class CliConsole
{
    // Wide enough that a table written to a pipe or a file never wraps its cells.
    private const int RedirectedWidth = 400;

    /// <summary>
    /// A console over <paramref name="writer"/>: colours and the terminal's width when it is the
    /// real, interactive stdout; plain text at a fixed large width otherwise (pipes, files, tests).
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = interactive },
        });
        if (!interactive)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
