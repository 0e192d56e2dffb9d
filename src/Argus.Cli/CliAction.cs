using System.CommandLine;
using Argus.Core.Errors;
using Argus.Core.Jobs;

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

    /// <summary>
    /// As <see cref="SetCliAction"/> for a batch job: the run is recorded in the job instruments and, with
    /// <c>--pushgateway</c> (or <c>$ARGUS_PUSHGATEWAY_URL</c>), pushed there when it ends (<see cref="JobPush"/>); a push
    /// that fails prints a warning and leaves the exit code alone.
    /// </summary>
    public static void SetJobAction(this Command command, Option<string?> pushgateway, Func<CliContext, string> job, Func<CliContext, Task<int>> body) =>
        command.SetCliAction(context => JobPush.RunAsync(
            job(context),
            JobPushOptions.From(context.Get(pushgateway)),
            () => body(context),
            line => context.Error.WriteLineAsync(line),
            TimeProvider.System,
            code => code == ExitCodes.Success,
            cancellationToken: context.CancellationToken));
}
