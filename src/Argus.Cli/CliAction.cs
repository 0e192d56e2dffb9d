using System.CommandLine;
using Argus.Core.Errors;

namespace Argus.Cli;

/// <summary>Binds a command to its body and turns failures the user can act on into one line on stderr.</summary>
internal static class CliAction
{
    /// <summary>
    /// Runs <paramref name="body"/> for <paramref name="command"/>. An <see cref="ArgusException"/>
    /// prints <c>error: message</c> and exits 1, without a stack trace; an interrupt exits 130.
    /// </summary>
    public static void SetCliAction(this Command command, Func<CliContext, Task<int>> body) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = new CliContext(parseResult, cancellationToken);
            try
            {
                return await body(context).ConfigureAwait(false);
            }
            catch (ArgusException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync("error: interrupted").ConfigureAwait(false);
                return ExitCodes.Cancelled;
            }
        });
}
