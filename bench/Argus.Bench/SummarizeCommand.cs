using System.Globalization;
using System.Text;

namespace Argus.Bench;

/// <summary>
/// <c>summarize</c>: reads the raw results, takes the median over repetitions (only the clean ones,
/// background and steal ≤ 10 % of a core, when there are any), and prints the results table with
/// targets, pass/fail and ratios to the same-run SQLite ceiling and to the issue's MLflow figures.
/// </summary>
internal static class SummarizeCommand
{
    // The issue's MLflow 2.12 figures (its own server on SQLite, this machine kind); not measured here.
    private const double MlflowLogBatchPointsPerS = 9_700;
    private const double MlflowSearch5kP50Ms = 165;
    private const double MlflowHistory40kMs = 2_500;
    private const double MlflowRunsPerS = 46;

    public static void Run(BenchArgs args)
    {
        var raw = args.Required("raw");
        args.RejectUnknown();
        var rows = File.ReadLines(raw).Skip(1).Select(l => l.Split('\t')).Where(f => f.Length >= 5)
            .Select(f => new Row(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], double.Parse(f[2], CultureInfo.InvariantCulture), f[3], f[4]))
            .ToList();

        string Cell(string name, string format = "N0") => Median(rows, name) is { } m ? Fmt(m.Value, format) + Reps(m) : "—";
        double? V(string name) => Median(rows, name)?.Value;
        var ceiling = V("ceiling.sqlite.plain.rows_per_s");

        var sb = new StringBuilder();
        sb.AppendLine("| measure | result | target | verdict | vs same-run SQLite ceiling | vs issue's MLflow 2.12 figure |");
        sb.AppendLine("|---|---|---|---|---|---|");
        var lbSqlite = V("logbatch.sqlite.points_per_s");
        var lbPg = V("logbatch.postgres.points_per_s");
        sb.AppendLine($"| raw SQLite insert ceiling (prepared INSERT, 1000 rows/txn, 1 thread) | {Cell("ceiling.sqlite.plain.rows_per_s")} rows/s | — | — | 1.00 | — |");
        sb.AppendLine($"| same, statement as the store issues it (FK on, ON CONFLICT DO NOTHING, async) | {Cell("ceiling.sqlite.store-sql.rows_per_s")} rows/s | — | — | {Ratio(V("ceiling.sqlite.store-sql.rows_per_s"), ceiling)} | — |");
        sb.AppendLine($"| log-batch over HTTP, SQLite, 4 clients × 1000-point batches | {Cell("logbatch.sqlite.points_per_s")} points/s | ≥ 100,000 | {Verdict(lbSqlite, 100_000, higher: true)} | {Ratio(lbSqlite, ceiling)} | {Ratio(lbSqlite, MlflowLogBatchPointsPerS)}× of 9,700 |");
        sb.AppendLine($"| log-batch in-process store call, SQLite, 4 writers (no HTTP/JSON) | {Cell("profile.store.sqlite.c4.points_per_s")} points/s | — | — | {Ratio(V("profile.store.sqlite.c4.points_per_s"), ceiling)} | — |");
        sb.AppendLine($"| log-batch over HTTP, PostgreSQL 15, 4 clients × 1000-point batches | {Cell("logbatch.postgres.points_per_s")} points/s | — | — | {Ratio(lbPg, ceiling)} | {Ratio(lbPg, MlflowLogBatchPointsPerS)}× of 9,700 (MLflow's was SQLite) |");
        sb.AppendLine($"| log-batch in-process store call, PostgreSQL, 4 writers | {Cell("profile.store.postgres.c4.points_per_s")} points/s | — | — | — | — |");
        foreach (var (label, max) in new[] { ("100k.filter_order.max100", 100), ("100k.filter_order.max1000", 1000) })
        {
            var p50 = V($"search.{label}.p50");
            sb.AppendLine($"| runs/search, 100,000 runs, `metrics.rmse < 1` + `metrics.rmse ASC`, max_results {max}: p50 / p99 | {Cell($"search.{label}.p50", "N1")} / {Cell($"search.{label}.p99", "N1")} ms | p50 ≤ 50 ms | {Verdict(p50, 50, higher: false)} | — | — |");
        }

        foreach (var (label, what) in new[]
        {
            ("100k.nofilter.max100", "no filter, default order (start_time DESC)"),
            ("100k.filter_only.max100", "`metrics.rmse < 1` only"),
            ("100k.order_only.max100", "`metrics.rmse ASC` only"),
        })
        {
            sb.AppendLine($"| runs/search, 100,000 runs, {what}, max_results 100: p50 / p99 | {Cell($"search.{label}.p50", "N1")} / {Cell($"search.{label}.p99", "N1")} ms | — | — | — | — |");
        }

        foreach (var max in new[] { 1000 })
        {
            var p50 = V($"search.5k.filter_order.max{max}.p50");
            sb.AppendLine($"| runs/search, 5,000 runs, same query, max_results {max}: p50 / p99 | {Cell($"search.5k.filter_order.max{max}.p50", "N1")} / {Cell($"search.5k.filter_order.max{max}.p99", "N1")} ms | — | — | — | {Speedup(MlflowSearch5kP50Ms, p50)} than 165 ms p50 |");
        }

        var h100 = V("history.100000.get.p50");
        sb.AppendLine($"| metrics/get-history, 100,000 points: p50 / p99 | {Cell("history.100000.get.p50", "N1")} / {Cell("history.100000.get.p99", "N1")} ms | ≤ 100 ms | {Verdict(h100, 100, higher: false)} | — | — |");
        sb.AppendLine($"| metrics/get-history, 40,000 points: p50 / p99 | {Cell("history.40000.get.p50", "N1")} / {Cell("history.40000.get.p99", "N1")} ms | — | — | — | {Speedup(MlflowHistory40kMs, V("history.40000.get.p50"))} than 2.5 s |");
        foreach (var c in new[] { 1, 4 })
        {
            var rate = V($"create_runs.sqlite.c{c}.runs_per_s");
            sb.AppendLine($"| runs/create, SQLite, {c} client(s) | {Cell($"create_runs.sqlite.c{c}.runs_per_s")} runs/s | — | — | — | {Ratio(rate, MlflowRunsPerS)}× of 46/s |");
        }

        sb.AppendLine($"| runs/create, PostgreSQL, 4 clients | {Cell("create_runs.postgres.c4.runs_per_s")} runs/s | — | — | — | {Ratio(V("create_runs.postgres.c4.runs_per_s"), MlflowRunsPerS)}× of 46/s |");
        var rss = V("rss.fresh.idle_mib");
        sb.AppendLine($"| server RSS, idle (fresh server, a few requests, 5 s pause) | {Cell("rss.fresh.idle_mib", "N1")} MiB ({(rss is { } r ? Fmt(r * 1.048576, "N1") : "—")} MB) | ≤ 150 MB | {Verdict(rss * 1.048576, 150, higher: false)} | — | — |");
        sb.AppendLine($"| server RSS, idle after the search and history runs (100k-run database) | {Cell("rss.after_reads.idle_mib", "N1")} MiB (peak {Cell("rss.after_reads.peak_mib", "N1")} MiB) | — | — | — | — |");

        sb.AppendLine();
        sb.AppendLine("Where the time goes (p50; HTTP is the server process, the rest is in-process in the bench; \"hand-written\" and \"streamed\" are alternatives the bench writes itself, not Argus code):");
        sb.AppendLine();
        sb.AppendLine("| search | HTTP p50 | store call (find page + load runs) | JSON reply | index entries walked to fill the page |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var label in new[] { "100k.filter_order.max100", "100k.filter_order.max1000", "5k.filter_order.max1000" })
        {
            sb.AppendLine($"| {label} | {Cell($"search.{label}.p50", "N1")} ms | {Cell($"profile.search.{label}.store_ms", "N1")} ms | {Cell($"profile.search.{label}.json_ms", "N2")} ms | {Cell($"profile.search.{label}.index_entries_to_fill_page")} |");
        }

        sb.AppendLine();
        sb.AppendLine($"search 100k.filter_only.max100 (metric filter, default order): HTTP p50 {Cell("search.100k.filter_only.max100.p50", "N1")} ms; store call {Cell("profile.search.100k.filter_only.max100.store_ms", "N1")} ms; " +
                      $"the store's statement alone {Cell("profile.search.100k.filter_only.max100.sql_ms", "N1")} ms; equality scope + EXISTS probe (not Argus code) {Cell("profile.search.100k.filter_only.max100.sql_probe_ms", "N2")} ms.");
        sb.AppendLine();
        sb.AppendLine("| get-history | HTTP p50 | store call | statement alone (Microsoft.Data.Sqlite) | statement, SQLitePCLRaw, step only | statement, SQLitePCLRaw, typed reads | JSON reply (STJ) | JSON, hand-written | Microsoft.Data.Sqlite rows streamed into JSON | SQLitePCLRaw rows streamed into JSON |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var steps in new[] { "100000", "40000" })
        {
            var h = $"profile.history.{steps}";
            sb.AppendLine($"| {steps} points | {Cell($"history.{steps}.get.p50", "N1")} ms | {Cell($"{h}.store_ms", "N1")} ms | {Cell($"{h}.sql_ms", "N1")} ms | {Cell($"{h}.raw_step_only_ms", "N1")} ms | {Cell($"{h}.raw_typed_read_ms", "N1")} ms | " +
                          $"{Cell($"{h}.json_ms", "N1")} ms | {Cell($"{h}.json_handwritten_ms", "N1")} ms | {Cell($"{h}.sql_streamed_to_json_ms", "N1")} ms | {Cell($"{h}.raw_streamed_to_json_ms", "N1")} ms |");
        }

        sb.AppendLine();
        sb.AppendLine($"log-batch: JSON parse of one 1000-point body {Cell("profile.json.logbatch_parse_us")} µs; server CPU per point over HTTP: SQLite {Cell("logbatch.sqlite.server_cpu_us_per_point", "N2")} µs, PostgreSQL (server + postgres) {Cell("logbatch.postgres.server_cpu_us_per_point", "N2")} µs; " +
                      $"in-process store, 1 writer: SQLite {Cell("profile.store.sqlite.c1.points_per_s")} points/s, PostgreSQL {Cell("profile.store.postgres.c1.points_per_s")} points/s.");
        Console.Write(sb.ToString());

        Console.WriteLine();
        Console.WriteLine("All figures (median over repetitions; clean = background and steal ≤ 10 % of a core):");
        foreach (var name in rows.Select(r => r.Name).Distinct())
        {
            var m = Median(rows, name)!.Value;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-58} {m.Value,14:G6} {rows.First(r => r.Name == name).Unit,-9} reps={m.Used}/{m.Total}"));
        }
    }

    private static (double Value, int Used, int Total)? Median(List<Row> rows, string name)
    {
        var all = rows.Where(r => r.Name == name).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var clean = all.Where(r => r.Clean).ToList();
        var use = (clean.Count > 0 ? clean : all).Select(r => r.Value).Order().ToList();
        var median = use.Count % 2 == 1 ? use[use.Count / 2] : (use[use.Count / 2 - 1] + use[use.Count / 2]) / 2;
        return (median, use.Count, all.Count);
    }

    private static string Reps((double Value, int Used, int Total) m) =>
        m.Total > 1 ? string.Create(CultureInfo.InvariantCulture, $" (median of {m.Used})") : "";

    private static string Fmt(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Ratio(double? value, double? reference) =>
        value is { } v && reference is { } r && r > 0 ? (v / r).ToString("N2", CultureInfo.InvariantCulture) : "—";

    private static string Speedup(double reference, double? value) =>
        value is not { } v || v <= 0 ? "—"
        : reference >= v ? (reference / v).ToString("N1", CultureInfo.InvariantCulture) + "× faster"
        : (v / reference).ToString("N1", CultureInfo.InvariantCulture) + "× slower";

    private static string Verdict(double? value, double target, bool higher) =>
        value is not { } v ? "not measured" : (higher ? v >= target : v <= target) ? "**pass**" : "**FAIL**";

    private sealed record Row(int Rep, string Name, double Value, string Unit, string Detail)
    {
        public bool Clean => Pct("bg_pct") <= 10 && Pct("steal_pct") <= 10;

        private double Pct(string key)
        {
            foreach (var part in Detail.Split(';'))
            {
                if (part.StartsWith(key + "=", StringComparison.Ordinal))
                {
                    return double.Parse(part[(key.Length + 1)..], CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }
    }
}
