namespace Argus.Bench;

/// <summary>The subcommands; <c>bench/run_tracking.sh</c> runs the tracking ones in order, <c>bench/run_training.sh</c> the training one, <c>bench/run_tuning.sh</c> the sampler one, <c>bench/run_ui.sh</c> the web UI ones.</summary>
internal static class BenchProgram
{
    private const string Usage = """
        Argus.Bench <command> [--option value ...]
          serve            --backend-store-uri URI [--port 0] [--artifacts-destination DIR]
          ceiling-sqlite   --db PATH [--variant plain|store-sql] [--runs 4] [--batches 250] [--batch-size 1000] [--keys 10]
          logbatch         --uri URL [--label sqlite] [--clients 4] [--batches 250] [--warmup 5] [--max-seconds 60]
          create-runs      --uri URL [--label sqlite] [--clients 1] [--runs 2000] [--max-seconds 20]
          populate         --store-uri sqlite:///PATH [--experiments search-100k:100000,search-5k:5000] [--api-runs 500]
          search           --uri URL --experiment-id ID --label L [--filter F] [--order-by O] [--max-results 100] [--expect N] [--warmup 50] [--requests 200]
          history          --uri URL [--steps 100000,40000] [--warmup 5] [--requests 30]
          idle-rss         --uri URL --server-pid PID [--label fresh] [--wait 5]
          profile-logbatch --store-uri URI [--label sqlite] [--clients 1,4] [--batches 100]
          profile-search   --store-uri sqlite:///PATH --experiment-id ID --label L [--filter F] [--order-by O] [--max-results 100]
          profile-history  --store-uri sqlite:///PATH --run-id ID --label L [--key loss]
          summarize        --raw results/tracking_raw.tsv
          populate-ui      --store-uri URI [--history-points 1000000] [--wide-runs 100] [--wide-metrics 2000]
          ui               --uri URL --runs-experiment ID --history-run ID --wide-experiment ID [--wide-metrics 2000] [--wide-page-sizes 25,100] [--reps 5] [--raw-reps 1] [--scenarios first-page,chart,wide,chart-raw] [--chromium /usr/bin/chromium] [--scroll-frames 240] [--scroll-down-frames 60] [--max-noise-pct 25] [--attempts 3] [--budget-s 1800] [--md FILE]
          training         --data-dir DIR [--rows 100000 1000000] [--reps 3] [--peer PATH] [--python /usr/bin/python3] [--md FILE] [--peer-max-seconds 300] [--omp-release yes|no] [--experiment omp-threads]
          metrics-render   [--series 1000,10000] [--renders 50]
          drift            --reference R.csv --current C.csv --out scores.json [--reps 3]
          sampler          [--functions branin,hartmann6,noisy-quadratic,tips] [--seeds 20] [--budget 100] [--tips-budget 100] [--at 10,25,50,100] [--data demo/tips.csv] [--target tip] [--noise 0.1] [--md FILE] [--out FILE, per-trial TSV, overwritten] [--export-tips DIR] [--export-trials 50]
        Common: --out FILE (append raw results), --rep N, --server-pids PID[,PID] (for CPU accounting), --quiet-wait S.
        A list option takes commas or several values: --rows 100000,1000000 = --rows 100000 1000000.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var options = new BenchArgs(args[1..]);
        switch (args[0])
        {
            case "serve": await ServeCommand.RunAsync(options).ConfigureAwait(false); break;
            case "ceiling-sqlite": await CeilingCommand.RunAsync(options).ConfigureAwait(false); break;
            case "logbatch": await LogBatchCommand.RunAsync(options).ConfigureAwait(false); break;
            case "create-runs": await CreateRunsCommand.RunAsync(options).ConfigureAwait(false); break;
            case "populate": await PopulateCommand.RunAsync(options).ConfigureAwait(false); break;
            case "search": await SearchCommand.RunAsync(options).ConfigureAwait(false); break;
            case "history": await HistoryCommand.RunAsync(options).ConfigureAwait(false); break;
            case "idle-rss": await IdleRssCommand.RunAsync(options).ConfigureAwait(false); break;
            case "profile-logbatch": await ProfileLogBatchCommand.RunAsync(options).ConfigureAwait(false); break;
            case "profile-search": await ProfileReadCommand.SearchAsync(options).ConfigureAwait(false); break;
            case "profile-history": await ProfileReadCommand.HistoryAsync(options).ConfigureAwait(false); break;
            case "summarize": SummarizeCommand.Run(options); break;
            case "populate-ui": await UiPopulateCommand.RunAsync(options).ConfigureAwait(false); break;
            case "ui": await UiBenchCommand.RunAsync(options).ConfigureAwait(false); break;
            case "training": await TrainingCommand.RunAsync(options).ConfigureAwait(false); break;
            case "sampler": SamplerCommand.Run(options); break;
            case "serving-profile": await ServingProfileCommand.RunAsync(options).ConfigureAwait(false); break;
            case "drift": DriftBenchCommand.Run(options); break;
            case "metrics-render": MetricsRenderCommand.Run(options); break;
            default:
                Console.Error.WriteLine($"Unknown command '{args[0]}'.\n{Usage}");
                return 2;
        }

        return 0;
    }
}
