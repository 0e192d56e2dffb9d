using Argus.Bench;

return await BenchProgram.RunAsync(args).ConfigureAwait(false);
