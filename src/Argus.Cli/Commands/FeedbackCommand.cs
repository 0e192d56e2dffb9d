using System.CommandLine;
using Argus.Core.Inference;

namespace Argus.Cli.Commands;

/// <summary>
/// <c>argus feedback FILE --model NAME</c>: attaches ground truth to logged predictions from a CSV
/// (<c>request_id</c>, the true value as <c>actual</c> or any one other column, optionally <c>row</c>).
/// The whole file is checked first; nothing is stored unless every line is valid.
/// </summary>
internal static class FeedbackCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "CSV with request_id and the true value (column 'actual', or --target)." };
        var model = new Option<string>("--model", "-m") { Description = "The served model's registered name.", Required = true };
        var target = new Option<string?>("--target") { Description = "The column holding the true value (default: 'actual', or the only other column)." };
        var inferenceLog = new Option<string?>("--inference-log") { Description = "The inference log the server writes. Default: $ARGUS_HOME/inference." };
        var command = new Command("feedback", "Attach ground truth to logged predictions by request id.") { file, model, target, inferenceLog };
        command.SetCliAction(async context =>
        {
            var records = await FeedbackCsv.ReadAsync(context.Get(file)!, new FeedbackCsvOptions { TargetColumn = context.Get(target) }, context.CancellationToken).ConfigureAwait(false);
            var log = new FeedbackLog(ServeCommand.InferenceLogDirectory(context.Get(inferenceLog)));
            await log.AppendAsync(context.Get(model)!, records, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Stored ground truth for {records.Count} prediction(s) of {context.Get(model)}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
