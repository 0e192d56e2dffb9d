using System.CommandLine;
using Argus.Cli.Output;
using Argus.Core.Diagnostics;
using Argus.Core.Tracking;
using Spectre.Console;

namespace Argus.Cli;

/// <summary>What one command invocation works with: its parsed values, its output streams, and a token.</summary>
internal sealed class CliContext(ParseResult parseResult, CancellationToken cancellationToken)
{
    private IAnsiConsole? _console;

    public ParseResult ParseResult { get; } = parseResult;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TextWriter Out => ParseResult.InvocationConfiguration.Output;

    public TextWriter Error => ParseResult.InvocationConfiguration.Error;

    /// <summary>The console tables render to (over <see cref="Out"/>).</summary>
    public IAnsiConsole Console => _console ??= CliConsole.Create(Out);

    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>Opens the store named by a <c>--tracking-uri</c> option, else by the environment or the Argus home.</summary>
    public Task<ITrackingStore> OpenStoreAsync(Option<string?> trackingUri) =>
        TrackingStores.OpenAsync(ArgusHome.ResolveTrackingUri(Get(trackingUri)), null, CancellationToken);

    public Task WriteLineAsync(string line) => Out.WriteLineAsync(line.AsMemory(), CancellationToken);
}
