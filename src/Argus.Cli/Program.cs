using Argus.Cli;

return await ArgusCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
