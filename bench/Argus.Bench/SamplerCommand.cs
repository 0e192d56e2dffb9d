using System.Diagnostics;
using System.Globalization;
using System.Text;
using Argus.Core.Errors;
using Argus.Core.Tuning;
using Argus.Core.Tuning.Runs;
using Argus.XGBoost;
using Argus.XGBoost.Training;

namespace Argus.Bench;

/// <summary>
/// Sampler quality: TPE against random search at equal budget, on Branin, Hartmann-6, a noisy 5-d quadratic and
/// the real XGBoost objective on the tips data. The samplers are driven in-process as <see cref="TuningRunner"/>
/// drives them (trial i draws from <c>new Random(TrialSeed(seed, i))</c>, the history holds every trial so far,
/// oldest first) but without a tracking store, so only the sampler is measured. Seed s of TPE and seed s of random
/// share their per-trial random sources, so their first <see cref="TpeOptions.StartupTrials"/> trials are the same
/// configurations; the comparison is paired by seed. For every N in <c>--at</c>, the figure of a search is the
/// value of its best trial among the first N (best by the loss the sampler saw; for the noisy quadratic the
/// table reports that trial's noise-free value).
/// </summary>
internal static class SamplerCommand
{
    private static readonly string[] Samplers = ["tpe", "random"];

    public static void Run(BenchArgs args)
    {
        var functions = args.Text("functions", "branin,hartmann6,noisy-quadratic,tips")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(f => f != "none").ToList();
        var seeds = args.Int("seeds", 20);
        var budget = args.Int("budget", 100);
        var tipsBudget = args.Int("tips-budget", 100);
        var checkpoints = args.Ints("at", "10,25,50,100");
        var data = args.Text("data", "demo/tips.csv");
        var target = args.Text("target", "tip");
        var noise = args.Double("noise", 0.1);
        var rawPath = args.Optional("out");
        var markdown = args.Optional("md");
        var exportDir = args.Optional("export-tips");
        var exportTrials = args.Int("export-trials", 50);
        args.RejectUnknown();

        var problems = functions.Select(f => Problem(f, budget, tipsBudget, noise, data, target)).ToList();
        var raw = new StringBuilder("function\tsampler\tseed\ttrial\tloss\tvalue\tbest_loss\tbest_value\tsuggest_ms\tobjective_ms\n");
        var results = new List<SearchResult>();
        foreach (var problem in problems)
        {
            var wall = Stopwatch.StartNew();
            for (var seed = 0; seed < seeds; seed++)
            {
                foreach (var name in Samplers)
                {
                    results.Add(Search(problem, name, seed, raw));
                }
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{problem.Name}: {seeds} seeds x {problem.Budget} trials x {Samplers.Length} samplers in {wall.Elapsed.TotalSeconds:F1} s"));
        }

        if (rawPath is not null)
        {
            File.WriteAllText(rawPath, raw.ToString());
        }

        if (problems.Count > 0)
        {
            var table = Tables(problems, results, checkpoints, seeds);
            Console.WriteLine(table);
            if (markdown is not null)
            {
                File.WriteAllText(markdown, table);
            }
        }

        if (exportDir is not null)
        {
            ExportTips(exportDir, exportTrials, data, target);
        }
    }

    /// <summary>
    /// For the Python cost comparison: the tips training and validation matrices exactly as Argus encodes them
    /// (float32, row-major), and the libxgboost parameters, in-process time and loss of each of the first
    /// <paramref name="trials"/> trials of the TPE search with seed 0 (the search <c>argus tune --seed 0</c> runs).
    /// <c>--functions none --export-tips DIR</c> does only this.
    /// </summary>
    private static void ExportTips(string dir, int trials, string data, string target)
    {
        Directory.CreateDirectory(dir);
        var (defaults, prepared) = PrepareTips(data, target);
        WriteFloats(Path.Combine(dir, "train_X.f32"), prepared.Train.Features);
        WriteFloats(Path.Combine(dir, "train_y.f32"), prepared.Train.Labels!);
        WriteFloats(Path.Combine(dir, "valid_X.f32"), prepared.Validation.Features);
        WriteFloats(Path.Combine(dir, "valid_y.f32"), prepared.Validation.Labels!);
        var sampler = new TpeSampler(SearchSpace.Parse(TuningJob.DefaultSpaceJson));
        var history = new List<Trial>();
        var lines = new StringBuilder();
        lines.Append(CultureInfo.InvariantCulture,
            $"{{\"columns\": {prepared.Train.ColumnCount}, \"train_rows\": {prepared.Train.RowCount}, \"valid_rows\": {prepared.Validation.RowCount}, \"rounds\": {defaults.Rounds}, \"early_stopping\": {defaults.EarlyStoppingRounds}}}\n");
        // One untimed trial first, so the timed ones run JIT-compiled with libxgboost loaded.
        _ = TrainTips(defaults, prepared, sampler.Suggest([], new Random(0))!);
        var total = Stopwatch.StartNew();
        for (var number = 1; number <= trials; number++)
        {
            var configuration = sampler.Suggest(history, new Random(TuningSession.TrialSeed(0, number)))!;
            var start = Stopwatch.GetTimestamp();
            var (result, options) = TrainTips(defaults, prepared, configuration);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            history.Add(Trial.Completed(configuration, result.BestScore));
            var json = string.Join(", ", options.ToParameters().Select(p => $"\"{p.Key}\": \"{p.Value}\""));
            lines.Append(CultureInfo.InvariantCulture,
                $"{{\"trial\": {number}, \"loss\": {result.BestScore:R}, \"best_iteration\": {result.BestIteration}, \"argus_ms\": {ms:F3}, \"params\": {{{json}}}}}\n");
        }

        File.WriteAllText(Path.Combine(dir, "trials.jsonl"), lines.ToString());
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tips export: {trials} TPE trials (seed 0) in {total.Elapsed.TotalSeconds:F2} s in-process, written to {dir}"));
    }

    private static void WriteFloats(string path, float[] values) =>
        File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static SamplerProblem Problem(string name, int budget, int tipsBudget, double noise, string data, string target)
    {
        switch (name)
        {
            case "branin":
                return new SamplerProblem(name, string.Create(CultureInfo.InvariantCulture, $"Branin, 2-d (global min {TestFunctions.BraninMin})"),
                    SearchSpace.Parse(TestFunctions.BraninSpaceJson), TestFunctions.BraninMin, budget,
                    _ => c => Same(TestFunctions.Branin(c)));
            case "hartmann6":
                return new SamplerProblem(name, string.Create(CultureInfo.InvariantCulture, $"Hartmann-6, 6-d (global min {TestFunctions.Hartmann6Min})"),
                    SearchSpace.Parse(TestFunctions.Hartmann6SpaceJson), TestFunctions.Hartmann6Min, budget,
                    _ => c => Same(TestFunctions.Hartmann6(c)));
            case "noisy-quadratic":
                return new SamplerProblem(name,
                    string.Create(CultureInfo.InvariantCulture, $"Noisy quadratic, 5-d, noise σ = {noise} (noise-free value of the best observed trial; global min 0)"),
                    SearchSpace.Parse(TestFunctions.QuadraticSpaceJson), 0.0, budget,
                    seed =>
                    {
                        // One noise stream per search, the same for TPE and random of a seed; it never touches the sampler's draws.
                        var noiseRandom = new Random(1_000_003 + seed);
                        return c =>
                        {
                            var value = TestFunctions.Quadratic(c);
                            return (value + TestFunctions.Noise(noiseRandom, noise), value);
                        };
                    });
            case "tips":
                return TipsProblem(tipsBudget, data, target);
            default:
                throw new ArgumentException($"Unknown function '{name}': use branin, hartmann6, noisy-quadratic, tips.");
        }
    }

    /// <summary>
    /// TuningJob's objective without the tracking store: the default space, the CSV prepared once (split and
    /// encoder as <c>argus tune</c> does), per trial two fresh matrices, XGBoost trained with <c>argus tune</c>'s
    /// rounds and early stopping, and the best validation RMSE as the loss.
    /// </summary>
    private static SamplerProblem TipsProblem(int budget, string data, string target)
    {
        var (defaults, prepared) = PrepareTips(data, target);
        return new SamplerProblem("tips",
            string.Create(CultureInfo.InvariantCulture,
                $"tips: XGBoost on demo/tips.csv (target {target}), TuningJob.DefaultSpaceJson, loss = best validation RMSE ({defaults.Rounds} rounds, early stopping {defaults.EarlyStoppingRounds})"),
            SearchSpace.Parse(TuningJob.DefaultSpaceJson), null, budget,
            _ => c => Same(TrainTips(defaults, prepared, c).Result.BestScore));
    }

    /// <summary>The CSV read, split and encoded once, with <c>argus tune</c>'s defaults (rounds, early stopping, split).</summary>
    private static (TuningRequest Defaults, PreparedData Prepared) PrepareTips(string data, string target)
    {
        var defaults = new TuningRequest { DataPath = data, Target = target };
        return (defaults, TrainingJob.Prepare(new TrainingRequest { DataPath = data, Target = target, Split = defaults.Split }));
    }

    /// <summary>One trial as TuningJob's objective trains it: the trial's parameters, every core, two fresh matrices.</summary>
    private static (TrainingResult Result, TrainOptions Options) TrainTips(TuningRequest defaults, PreparedData prepared, Configuration configuration)
    {
        var threads = Environment.ProcessorCount;
        var parameters = TuningJob.Parameters(configuration);
        parameters["nthread"] = threads.ToString(CultureInfo.InvariantCulture);
        var options = TrainingJob.Options(parameters, prepared.Task, prepared.Encoder.Classes?.Count);
        using var dtrain = TrainingJob.Matrix(prepared.Train, threads);
        using var dvalid = TrainingJob.Matrix(prepared.Validation, threads);
        var result = XGBoostTrainer.Train(options, dtrain, [("validation", dvalid)], defaults.Rounds, defaults.EarlyStoppingRounds);
        result.Booster.Dispose();
        return (result, options);
    }

    private static (double Loss, double Value) Same(double loss) => (loss, loss);

    private static SearchResult Search(SamplerProblem problem, string samplerName, int seed, StringBuilder raw)
    {
        ISampler sampler = samplerName == "tpe" ? new TpeSampler(problem.Space) : new RandomSampler(problem.Space);
        var objective = problem.Start(seed);
        var history = new List<Trial>(problem.Budget);
        var bestValues = new double[problem.Budget];
        var bestLoss = double.PositiveInfinity;
        var bestValue = double.NaN;
        double suggestMs = 0, objectiveMs = 0, lastSuggestMs = 0;
        var failed = 0;
        for (var number = 1; number <= problem.Budget; number++)
        {
            var random = new Random(TuningSession.TrialSeed(seed, number));
            var start = Stopwatch.GetTimestamp();
            var configuration = sampler.Suggest(history, random)
                ?? throw new InvalidOperationException($"{samplerName} ran out of configurations.");
            var suggested = Stopwatch.GetTimestamp();
            double loss, value;
            try
            {
                (loss, value) = objective(configuration);
            }
            catch (ArgusException)
            {
                // As TuningSession does with a failing objective: the trial is kept as failed and the search goes on.
                (loss, value) = (double.NaN, double.NaN);
                failed++;
            }

            var evaluated = Stopwatch.GetTimestamp();
            lastSuggestMs = Stopwatch.GetElapsedTime(start, suggested).TotalMilliseconds;
            suggestMs += lastSuggestMs;
            objectiveMs += Stopwatch.GetElapsedTime(suggested, evaluated).TotalMilliseconds;
            history.Add(double.IsNaN(loss) ? Trial.Failed(configuration) : Trial.Completed(configuration, loss));
            if (loss < bestLoss)
            {
                bestLoss = loss;
                bestValue = value;
            }

            bestValues[number - 1] = bestValue;
            raw.Append(CultureInfo.InvariantCulture,
                $"{problem.Name}\t{samplerName}\t{seed}\t{number}\t{loss:R}\t{value:R}\t{bestLoss:R}\t{bestValue:R}\t{lastSuggestMs:F4}\t{Stopwatch.GetElapsedTime(suggested, evaluated).TotalMilliseconds:F3}\n");
        }

        return new SearchResult(problem.Name, samplerName, seed, bestValues, suggestMs, lastSuggestMs, objectiveMs, failed);
    }

    private static string Tables(List<SamplerProblem> problems, List<SearchResult> results, IReadOnlyList<int> checkpoints, int seeds)
    {
        var md = new StringBuilder();
        foreach (var problem in problems)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**{problem.Title}**, {seeds} seeds × {problem.Budget} trials per sampler").AppendLine();
            md.AppendLine("| N trials | TPE median [p25, p75] | random median [p25, p75] | TPE − random (medians) | TPE better / tie / worse (paired by seed) |");
            md.AppendLine("|---|---|---|---|---|");
            var tpe = results.Where(r => r.Function == problem.Name && r.Sampler == "tpe").OrderBy(r => r.Seed).ToList();
            var random = results.Where(r => r.Function == problem.Name && r.Sampler == "random").OrderBy(r => r.Seed).ToList();
            foreach (var n in checkpoints.Where(n => n <= problem.Budget))
            {
                var t = new Percentiles(tpe.Select(r => r.BestAfter(n)));
                var r = new Percentiles(random.Select(r => r.BestAfter(n)));
                int better = 0, tie = 0, worse = 0;
                for (var i = 0; i < tpe.Count; i++)
                {
                    var (a, b) = (tpe[i].BestAfter(n), random[i].BestAfter(n));
                    if (a < b)
                    {
                        better++;
                    }
                    else if (a > b)
                    {
                        worse++;
                    }
                    else
                    {
                        tie++;
                    }
                }

                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {n} | {F(t.P50)} [{F(t.At(0.25))}, {F(t.At(0.75))}] | {F(r.P50)} [{F(r.At(0.25))}, {F(r.At(0.75))}] | {t.P50 - r.P50:+0.0000;-0.0000;0} | {better} / {tie} / {worse} |");
            }

            md.AppendLine();
        }

        md.AppendLine("**Cost per trial** (means over every trial of every seed)").AppendLine();
        md.AppendLine("| function | sampler | trials | failed | objective ms / trial | suggest ms / trial | suggest ms at the last trial (median) |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var problem in problems)
        {
            foreach (var sampler in Samplers)
            {
                var runs = results.Where(r => r.Function == problem.Name && r.Sampler == sampler).ToList();
                var trials = runs.Count * problem.Budget;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {problem.Name} | {sampler} | {trials} | {runs.Sum(r => r.Failed)} | {runs.Sum(r => r.ObjectiveMs) / trials:F3} | {runs.Sum(r => r.SuggestMs) / trials:F3} | {new Percentiles(runs.Select(r => r.LastSuggestMs)).P50:F3} |");
            }
        }

        return md.ToString();
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>One search: the best value after each trial, and where its time went.</summary>
    private sealed record SearchResult(
        string Function, string Sampler, int Seed, double[] BestValues, double SuggestMs, double LastSuggestMs, double ObjectiveMs, int Failed)
    {
        public double BestAfter(int n) => BestValues[n - 1];
    }
}
