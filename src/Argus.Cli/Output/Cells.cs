using Spectre.Console;
using Spectre.Console.Rendering;

namespace Argus.Cli.Output;

/// <summary>Table cells from plain strings: values are never read as Spectre markup.</summary>
internal static class Cells
{
    public static IRenderable[] Of(params string[] values) => [.. values.Select(static v => new Text(v))];

    public static IRenderable Text(string value) => new Text(value);
}
