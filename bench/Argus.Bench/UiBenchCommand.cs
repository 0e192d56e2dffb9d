using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Argus.Bench;

/// <summary>
/// <c>ui</c>: the web UI in headless chromium (Playwright, <c>--chromium</c>) against a running <c>argus server</c>,
/// timed with the browser's own Performance API from navigation start (<c>performance.timeOrigin</c>):
/// <list type="bullet">
/// <item><b>first-page</b>: <c>#/experiments/ID</c> of the 100,000-run experiment until its rows are in the document
/// and painted, then a click on the first row's checkbox (its input delay from the Event Timing API) and one second of
/// watching for long tasks.</item>
/// <item><b>chart</b>: <c>#/runs/ID</c> of the run with the 1,000,000-point metric until ECharts reports it finished
/// (the UI's <c>argus.chart.drawn</c> mark), first after logging one more point to it (so the server reads the whole
/// history), then again (<b>chart_again</b>: the server's downsample cache answers); <b>chart-raw</b> is the same with the downsampling endpoint answering
/// 404, so the UI falls back to MLflow's paged get-history and draws every point.</item>
/// <item><b>wide</b>: the runs page of the experiment whose runs have <c>--wide-metrics</c> metrics with every one
/// chosen as a column (<c>cols=</c>, what ticking them all in the column chooser produces), per page size; then the
/// chooser opened, and the table scrolled across its whole width and the page down and up, one step per animation
/// frame, recording frame intervals and long tasks.</item>
/// </list>
/// Every measurement gets a fresh browser context (empty cache). Rep 0 of each scenario warms the server and is
/// written to the raw file but left out of the summary.
/// </summary>
internal static class UiBenchCommand
{
    private const double TargetMs = 1000;
    private const double MaxScrollTaskMs = 200;
    private const int WatchMs = 1000;
    private const int SweepLimitMs = 40_000;

    // Installed before the page's own scripts: long tasks, the first input, and the moment the page is ready —
    // when READY_SELECTOR first matches (a MutationObserver) or when the READY_MARK performance mark appears —
    // followed by the frame that paints it (a task queued from the next animation frame runs after that frame).
    private const string Probe = """
        (() => {
          const b = window.__bench = { longTasks: [], ready: null, painted: null, firstInput: null, errors: [] };
          b.whenPainted = new Promise(resolve => { b.resolvePainted = resolve; });
          const observe = (type, each) => {
            try { new PerformanceObserver(list => list.getEntries().forEach(each)).observe({ type, buffered: true }); }
            catch (e) { b.errors.push(type + ': ' + e); }
          };
          const isReady = () => {
            if (b.ready !== null) return;
            b.ready = performance.now();
            requestAnimationFrame(() => setTimeout(() => { b.painted = performance.now(); b.resolvePainted(); }, 0));
          };
          observe('longtask', e => b.longTasks.push({ start: e.startTime, duration: e.duration }));
          observe('first-input', e => { b.firstInput = { start: e.startTime, processingStart: e.processingStart, processingEnd: e.processingEnd, duration: e.duration, name: e.name }; });
          const selector = READY_SELECTOR;
          const mark = READY_MARK;
          if (mark) observe('mark', e => { if (e.name === mark) isReady(); });
          if (selector) {
            const watcher = new MutationObserver(() => {
              if (document.querySelector(selector)) { watcher.disconnect(); isReady(); }
            });
            watcher.observe(document, { childList: true, subtree: true });
          }
        })();
        """;

    private const string Collect = """
        () => {
          const b = window.__bench;
          const nav = performance.getEntriesByType('navigation')[0];
          return {
            ready: b.ready, painted: b.painted, longTasks: b.longTasks, firstInput: b.firstInput, errors: b.errors,
            responseEnd: nav ? nav.responseEnd : null, domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
            resources: performance.getEntriesByType('resource').map(r => ({ name: r.name, start: r.startTime, end: r.responseEnd, bytes: r.encodedBodySize })),
            marks: performance.getEntriesByType('mark').map(m => ({ name: m.name, t: m.startTime, detail: m.detail === null || m.detail === undefined ? null : JSON.stringify(m.detail) })),
          };
        }
        """;

    private const string OpenChooser = """
        async () => {
          const frame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
          const summary = document.querySelector('details.chooser > summary');
          const t0 = performance.now();
          summary.click();
          await frame();
          const open = performance.now() - t0;
          const boxes = document.querySelectorAll('details.chooser input[type=checkbox]').length;
          summary.click();
          await frame();
          return { open, boxes };
        }
        """;

    // One scroll step per animation frame: across the table's whole width, then the page down and back up; a sweep
    // that is still going after `limit` ms stops there (a frozen table would otherwise take minutes).
    private const string Scroll = """
        async ({ across, down, limit }) => {
          const table = document.querySelector('[data-testid=runs]');
          const scroller = table.closest('.scroll');
          const root = document.scrollingElement;
          const intervals = [];
          let cut = false;
          const sweep = (count, apply) => new Promise(resolve => {
            let i = 0, last = null;
            const started = performance.now();
            const step = ts => {
              if (last !== null) intervals.push(ts - last);
              last = ts;
              if (i > count) { resolve(); return; }
              if (performance.now() - started > limit) { cut = true; resolve(); return; }
              apply(i / count);
              i++;
              requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
          });
          const t0 = performance.now();
          const maxX = scroller.scrollWidth - scroller.clientWidth;
          await sweep(across, f => { scroller.scrollLeft = Math.round(maxX * f); });
          const maxY = root.scrollHeight - root.clientHeight;
          await sweep(down, f => { root.scrollTop = Math.round(maxY * f); });
          await sweep(down, f => { root.scrollTop = Math.round(maxY * (1 - f)); });
          const t1 = performance.now();
          await new Promise(resolve => setTimeout(resolve, 100));
          const tasks = window.__bench.longTasks.filter(t => t.start + t.duration > t0 && t.start < t1);
          return {
            t0, t1, intervals, tasks, maxX, maxY, cut, scrollWidth: scroller.scrollWidth,
            headers: table.querySelectorAll('thead th').length, cells: table.querySelectorAll('tbody td').length,
          };
        }
        """;

    public static async Task RunAsync(BenchArgs args)
    {
        var baseUrl = args.Required("uri").TrimEnd('/');
        var runsExperiment = args.Required("runs-experiment");
        var historyRun = args.Required("history-run");
        var wideExperiment = args.Required("wide-experiment");
        var wideMetrics = args.Int("wide-metrics", 2000);
        var widePageSizes = args.Ints("wide-page-sizes", "25,100");
        var reps = args.Int("reps", 5);
        var rawReps = args.Int("raw-reps", 1);
        var scenarios = args.Text("scenarios", "first-page,chart,wide,chart-raw").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var chromium = args.Text("chromium", "/usr/bin/chromium");
        var across = args.Int("scroll-frames", 240);
        var down = args.Int("scroll-down-frames", 60);
        var quietWait = args.Double("quiet-wait", 10);
        var maxNoisePct = args.Double("max-noise-pct", 25);
        var attempts = args.Int("attempts", 3);
        var budget = TimeSpan.FromSeconds(args.Double("budget-s", 1800));
        var serverPids = TrackingSetup.Pids(args);
        var markdown = args.Optional("md");
        var outPath = args.Optional("out");
        args.RejectUnknown();

        using var http = new BenchHttp(new Uri(baseUrl + "/"));
        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true }).ConfigureAwait(false);
        Console.WriteLine($"chromium\t{browser.Version}");

        var results = new List<(int Rep, string Name, double Value, string Unit)>();
        var noisy = new HashSet<(string Scenario, int Rep)>();
        var skipped = new List<string>();
        var watched = serverPids.Concat(ChildPids(Environment.ProcessId)).ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();

        // One measurement, repeated (up to `attempts` times) while other processes or the hypervisor took more than
        // `maxNoisePct` of a core during it; a rep still noisy after that is kept and marked.
        async Task Measure(string scenario, int rep, Func<Task<(List<(string Name, double Value, string Unit)> Figures, string Detail)>> measure)
        {
            if (started.Elapsed > budget)
            {
                skipped.Add($"{scenario} rep {rep}");
                return;
            }

            for (var attempt = 1; ; attempt++)
            {
                await CpuSampler.WaitForQuietAsync(watched, 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
                var sampler = CpuSampler.Start(watched);
                var (figures, detail) = await measure().ConfigureAwait(false);
                var cpu = sampler.Stop();
                var sink = new ResultSink(outPath, rep);
                var quiet = cpu.BackgroundPct <= maxNoisePct && cpu.StealPct <= maxNoisePct;
                if (!quiet && attempt < attempts && started.Elapsed < budget)
                {
                    sink.Add($"ui.{scenario}.rejected", attempt, "attempt", $"{detail};{cpu.Describe()}");
                    continue;
                }

                if (!quiet)
                {
                    noisy.Add((scenario, rep));
                }

                figures.Add(("bg_pct", cpu.BackgroundPct, "% of a core"));
                figures.Add(("steal_pct", cpu.StealPct, "% of a core"));
                foreach (var (name, value, unit) in figures)
                {
                    sink.Add($"ui.{scenario}.{name}", value, unit, $"{detail};attempt={attempt};{cpu.Describe()}");
                    results.Add((rep, $"{scenario}.{name}", value, unit));
                }

                return;
            }
        }

        var cols = string.Join(",", Enumerable.Range(0, wideMetrics).Select(i => "metrics." + UiPopulateCommand.WideKey(i)));
        for (var rep = 0; rep <= reps; rep++)
        {
            if (scenarios.Contains("first-page"))
            {
                await Measure("first_page", rep, () => FirstPageAsync(browser, $"{baseUrl}/#/experiments/{runsExperiment}")).ConfigureAwait(false);
            }

            if (scenarios.Contains("chart"))
            {
                // First view of a grown history: one more point logged, so the server's downsample cache cannot answer
                // and the million points are read. Then the same chart again (a reload, another visitor): from the cache.
                await GrowHistoryAsync(http, historyRun, rep).ConfigureAwait(false);
                await Measure("chart", rep, () => ChartAsync(browser, $"{baseUrl}/#/runs/{historyRun}", raw: false)).ConfigureAwait(false);
                await Measure("chart_again", rep, () => ChartAsync(browser, $"{baseUrl}/#/runs/{historyRun}", raw: false)).ConfigureAwait(false);
            }

            if (scenarios.Contains("wide"))
            {
                foreach (var n in widePageSizes)
                {
                    var url = $"{baseUrl}/#/experiments/{wideExperiment}?n={n}&cols={Uri.EscapeDataString(cols)}";
                    await Measure($"wide_n{n}", rep, () => WideAsync(browser, url, wideMetrics, across, down)).ConfigureAwait(false);
                }
            }
        }

        if (scenarios.Contains("chart-raw"))
        {
            for (var rep = 1; rep <= rawReps; rep++)
            {
                await Measure("chart_raw", rep, () => ChartAsync(browser, $"{baseUrl}/#/runs/{historyRun}", raw: true)).ConfigureAwait(false);
            }
        }

        var summary = Summary(results, noisy, maxNoisePct, browser.Version);
        if (skipped.Count > 0)
        {
            summary += $"\nSkipped once the budget of {budget.TotalSeconds:F0} s was used: {string.Join(", ", skipped)}.\n";
        }

        Console.WriteLine(summary);
        if (markdown is not null)
        {
            await File.WriteAllTextAsync(markdown, summary).ConfigureAwait(false);
        }
    }

    private static async Task<(List<(string, double, string)>, string)> FirstPageAsync(IBrowser browser, string url)
    {
        await using var context = await NewContextAsync(browser, "[data-testid=runs] tbody tr", null).ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit }).ConfigureAwait(false);
        await page.EvaluateAsync("() => window.__bench.whenPainted").ConfigureAwait(false);

        // A user's first click as soon as the rows show: its input delay says whether the page responds.
        await page.Locator("[data-testid=runs] tbody tr td.select input").First.ClickAsync().ConfigureAwait(false);
        var selected = await page.Locator("[data-testid=selection]").TextContentAsync().ConfigureAwait(false);
        if (selected != "1 selected")
        {
            throw new InvalidOperationException($"The click on the first row did not select it (the page says '{selected}').");
        }

        await page.EvaluateAsync($"() => new Promise(resolve => setTimeout(resolve, {WatchMs}))").ConfigureAwait(false);
        var data = await page.EvaluateAsync<JsonElement>(Collect).ConfigureAwait(false);
        var rows = await page.Locator("[data-testid=runs] tbody tr").CountAsync().ConfigureAwait(false);
        var figures = LoadFigures(data);
        var search = Resource(data, "/runs/search");
        figures.Add(("search_ms", search.End - search.Start, "ms"));
        figures.Add(("input_delay_ms", InputDelay(data), "ms"));
        return (figures, string.Create(CultureInfo.InvariantCulture, $"rows={rows};search_bytes={search.Bytes}"));
    }

    // One point after the last step of the history run, so its point count (what the server's cache checks) changes.
    private static async Task GrowHistoryAsync(BenchHttp http, string runId, int rep)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"run_id":"{{runId}}","key":"loss","value":0.01,"timestamp":{{MetricWorkload.BaseTimestamp + 2_000_000 + rep}},"step":{{2_000_000 + rep}}}"""));
        await http.PostAsync(BenchHttp.Api + "runs/log-metric", body, CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<(List<(string, double, string)>, string)> ChartAsync(IBrowser browser, string url, bool raw)
    {
        await using var context = await NewContextAsync(browser, null, "argus.chart.drawn").ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        if (raw)
        {
            // As a server without the endpoint answers: the UI then reads every point through MLflow's get-history.
            await page.RouteAsync("**/get-history-downsampled**", route => route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 404, ContentType = "application/json", Body = """{"error_code":"ENDPOINT_NOT_FOUND","message":"No such endpoint."}""",
            })).ConfigureAwait(false);
        }

        page.SetDefaultTimeout(180_000);
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit }).ConfigureAwait(false);
        await page.EvaluateAsync("() => window.__bench.whenPainted").ConfigureAwait(false);
        await page.EvaluateAsync($"() => new Promise(resolve => setTimeout(resolve, {WatchMs}))").ConfigureAwait(false);
        var data = await page.EvaluateAsync<JsonElement>(Collect).ConfigureAwait(false);
        var figures = LoadFigures(data);
        var drawStart = Mark(data, "argus.chart.draw-start");
        var drawn = Mark(data, "argus.chart.drawn");
        var history = Resources(data, raw ? "/metrics/get-history?" : "/get-history-downsampled").ToList();
        figures.Add(("history_fetch_ms", history.Max(r => r.End) - history.Min(r => r.Start), "ms"));
        figures.Add(("history_bytes", history.Sum(r => r.Bytes), "bytes"));
        figures.Add(("draw_ms", drawn.T - drawStart.T, "ms"));
        return (figures, string.Create(CultureInfo.InvariantCulture, $"requests={history.Count};draw={drawStart.Detail}"));
    }

    private static async Task<(List<(string, double, string)>, string)> WideAsync(IBrowser browser, string url, int wideMetrics, int across, int down)
    {
        await using var context = await NewContextAsync(browser, "[data-testid=runs] tbody tr", null).ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        page.SetDefaultTimeout(180_000);
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit }).ConfigureAwait(false);
        await page.EvaluateAsync("() => window.__bench.whenPainted").ConfigureAwait(false);
        await page.EvaluateAsync($"() => new Promise(resolve => setTimeout(resolve, {WatchMs}))").ConfigureAwait(false);
        var data = await page.EvaluateAsync<JsonElement>(Collect).ConfigureAwait(false);
        var figures = LoadFigures(data);
        var search = Resource(data, "/runs/search");
        figures.Add(("search_ms", search.End - search.Start, "ms"));
        figures.Add(("search_bytes", search.Bytes, "bytes"));

        var chooser = await page.EvaluateAsync<JsonElement>(OpenChooser).ConfigureAwait(false);
        var boxes = chooser.GetProperty("boxes").GetInt32();
        if (boxes < wideMetrics)
        {
            throw new InvalidOperationException($"The column chooser lists {boxes} columns, expected at least {wideMetrics}.");
        }

        figures.Add(("chooser_open_ms", chooser.GetProperty("open").GetDouble(), "ms"));

        var scroll = await page.EvaluateAsync<JsonElement>(Scroll, new { across, down, limit = SweepLimitMs }).ConfigureAwait(false);
        var intervals = new Percentiles(scroll.GetProperty("intervals").EnumerateArray().Select(e => e.GetDouble()));
        var tasks = scroll.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("duration").GetDouble()).ToList();
        var seconds = (scroll.GetProperty("t1").GetDouble() - scroll.GetProperty("t0").GetDouble()) / 1000;
        figures.Add(("scroll_fps", intervals.Count / seconds, "frames/s"));
        figures.Add(("scroll_frame_p50_ms", intervals.P50, "ms"));
        figures.Add(("scroll_frame_p95_ms", intervals.At(0.95), "ms"));
        figures.Add(("scroll_frame_max_ms", intervals.Max, "ms"));
        figures.Add(("scroll_longest_task_ms", tasks.Count == 0 ? 0 : tasks.Max(), "ms"));
        figures.Add(("scroll_long_tasks", tasks.Count, "tasks"));
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"chooser_boxes={boxes};scroll_width={scroll.GetProperty("scrollWidth").GetDouble():F0};max_x={scroll.GetProperty("maxX").GetDouble():F0};max_y={scroll.GetProperty("maxY").GetDouble():F0};" +
            $"header_cells={scroll.GetProperty("headers").GetInt32()};body_cells={scroll.GetProperty("cells").GetInt32()};frames={intervals.Count};seconds={seconds:F2};" +
            $"cut_short={(scroll.GetProperty("cut").GetBoolean() ? "yes" : "no")}");
        return (figures, detail);
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, string? readySelector, string? readyMark)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } }).ConfigureAwait(false);
        var script = Probe
            .Replace("READY_SELECTOR", JsonSerializer.Serialize(readySelector), StringComparison.Ordinal)
            .Replace("READY_MARK", JsonSerializer.Serialize(readyMark), StringComparison.Ordinal);
        await context.AddInitScriptAsync(script).ConfigureAwait(false);
        return context;
    }

    /// <summary>ready, painted, interactive (painted, and no long task after), the longest task and the document's own timings.</summary>
    private static List<(string, double, string)> LoadFigures(JsonElement data)
    {
        var ready = data.GetProperty("ready").GetDouble();
        var painted = data.GetProperty("painted").GetDouble();
        var tasks = data.GetProperty("longTasks").EnumerateArray()
            .Select(t => (Start: t.GetProperty("start").GetDouble(), Duration: t.GetProperty("duration").GetDouble())).ToList();
        var interactive = Math.Max(painted, tasks.Count == 0 ? 0 : tasks.Max(t => t.Start + t.Duration));
        var afterReady = tasks.Where(t => t.Start + t.Duration > ready).ToList();
        return
        [
            ("ready_ms", ready, "ms"),
            ("painted_ms", painted, "ms"),
            ("interactive_ms", interactive, "ms"),
            ("longest_task_ms", tasks.Count == 0 ? 0 : tasks.Max(t => t.Duration), "ms"),
            ("long_tasks_after_ready", afterReady.Count, "tasks"),
            ("dom_content_loaded_ms", data.GetProperty("domContentLoaded").GetDouble(), "ms"),
        ];
    }

    private static double InputDelay(JsonElement data) =>
        data.GetProperty("firstInput") is { ValueKind: JsonValueKind.Object } input
            ? input.GetProperty("processingStart").GetDouble() - input.GetProperty("start").GetDouble()
            : double.NaN;

    private static (double Start, double End, double Bytes) Resource(JsonElement data, string part) =>
        Resources(data, part).LastOrDefault((double.NaN, double.NaN, double.NaN));

    private static IEnumerable<(double Start, double End, double Bytes)> Resources(JsonElement data, string part) =>
        data.GetProperty("resources").EnumerateArray()
            .Where(r => r.GetProperty("name").GetString()!.Contains(part, StringComparison.Ordinal))
            .Select(r => (r.GetProperty("start").GetDouble(), r.GetProperty("end").GetDouble(), r.GetProperty("bytes").GetDouble()));

    private static (double T, string Detail) Mark(JsonElement data, string name) =>
        data.GetProperty("marks").EnumerateArray().Where(m => m.GetProperty("name").GetString() == name)
            .Select(m => (m.GetProperty("t").GetDouble(), m.GetProperty("detail").GetString() ?? ""))
            .LastOrDefault((double.NaN, ""));

    private static List<int> ChildPids(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                if (int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone while listing.
            }
        }

        return children;
    }

    private static string Summary(List<(int Rep, string Name, double Value, string Unit)> results, HashSet<(string Scenario, int Rep)> noisy, double maxNoisePct, string chromiumVersion)
    {
        var measured = results.Where(r => r.Rep > 0).ToList();
        var marked = false;
        string Row(string label, string name, string target, Func<double, bool>? pass, string format = "F0")
        {
            var reps = measured.Where(r => r.Name == name).ToList();
            var values = reps.Select(r => r.Value).ToList();
            if (values.Count == 0)
            {
                return string.Empty;
            }

            var scenario = name.Split('.')[0];

            var p = new Percentiles(values);
            var worst = name.EndsWith("fps", StringComparison.Ordinal) ? p.Min : p.Max;
            var verdict = pass is null ? "—" : values.All(pass) ? "**pass**" : pass(p.P50) ? "pass at the median, not in every rep" : "**miss**";
            var each = string.Join(" / ", reps.Select(r =>
            {
                var star = noisy.Contains((scenario, r.Rep));
                marked |= star;
                return r.Value.ToString(format, CultureInfo.InvariantCulture) + (star ? "*" : "");
            }));
            return string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {target} | {p.P50.ToString(format, CultureInfo.InvariantCulture)} | {worst.ToString(format, CultureInfo.InvariantCulture)} | {each} | {verdict} |\n");
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Chromium {chromiumVersion}, headless. Times in ms from navigation start; median and worst of the measured reps (rep 0, the warm-up, left out).\n\n");
        text.Append("| scenario | target | median | worst | every rep | verdict |\n|---|---|---|---|---|---|\n");
        bool WithinTarget(double v) => v <= TargetMs;
        text.Append(Row("first page of 100,000 runs: rows in the document", "first_page.ready_ms", "—", null));
        text.Append(Row("first page of 100,000 runs: **interactive** (rows painted, no long task after)", "first_page.interactive_ms", "≤ 1000 ms", WithinTarget));
        text.Append(Row("first page: runs/search request", "first_page.search_ms", "—", null, "F1"));
        text.Append(Row("first page: input delay of a click as the rows show", "first_page.input_delay_ms", "—", null, "F1"));
        text.Append(Row("first page: longest task", "first_page.longest_task_ms", "—", null));
        text.Append(Row("1,000,000-point chart, first view: **drawn** (ECharts finished)", "chart.ready_ms", "≤ 1000 ms", WithinTarget));
        text.Append(Row("1,000,000-point chart, first view: interactive (no long task after)", "chart.interactive_ms", "—", null));
        text.Append(Row("chart, first view: downsampled history request (1000 of 1,000,000 points read)", "chart.history_fetch_ms", "—", null));
        text.Append(Row("chart, first view: ECharts setOption to finished", "chart.draw_ms", "—", null));
        text.Append(Row("1,000,000-point chart, again (server cache): **drawn**", "chart_again.ready_ms", "≤ 1000 ms", WithinTarget));
        text.Append(Row("chart, again: downsampled history request (point count checked, cache used)", "chart_again.history_fetch_ms", "—", null));
        text.Append(Row("chart without downsampling (every point through get-history): drawn", "chart_raw.ready_ms", "—", null));
        text.Append(Row("chart without downsampling: fetching the history", "chart_raw.history_fetch_ms", "—", null));
        text.Append(Row("chart without downsampling: ECharts setOption to finished", "chart_raw.draw_ms", "—", null));
        foreach (var wide in measured.Select(r => r.Name.Split('.')[0]).Where(s => s.StartsWith("wide_n", StringComparison.Ordinal)).Distinct())
        {
            var n = wide["wide_n".Length..];
            text.Append(Row($"2,000 columns × {n} rows: interactive", $"{wide}.interactive_ms", "—", null));
            text.Append(Row($"2,000 columns × {n} rows: opening the column chooser (2,000 boxes)", $"{wide}.chooser_open_ms", "—", null));
            text.Append(Row($"2,000 columns × {n} rows: **longest task while scrolling**", $"{wide}.scroll_longest_task_ms", "≤ 200 ms", v => v <= MaxScrollTaskMs));
            text.Append(Row($"2,000 columns × {n} rows: frame rate while scrolling (frames/s; worst = lowest)", $"{wide}.scroll_fps", "—", null, "F1"));
            text.Append(Row($"2,000 columns × {n} rows: frame interval p95", $"{wide}.scroll_frame_p95_ms", "—", null, "F1"));
            text.Append(Row($"2,000 columns × {n} rows: longest frame interval", $"{wide}.scroll_frame_max_ms", "—", null));
        }

        if (marked)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n`*` Other processes or the hypervisor took more than {maxNoisePct:F0} % of a core during that rep, in every attempt.\n");
        }

        var bg = new Percentiles(measured.Where(r => r.Name.EndsWith(".bg_pct", StringComparison.Ordinal)).Select(r => r.Value));
        var steal = new Percentiles(measured.Where(r => r.Name.EndsWith(".steal_pct", StringComparison.Ordinal)).Select(r => r.Value));
        text.Append(CultureInfo.InvariantCulture,
            $"\nDuring the measured reps, processes other than the server, the bench and chromium used {bg.P50:F1} % of a core (median; at most {bg.Max:F1} %), and the hypervisor stole {steal.P50:F1} % (at most {steal.Max:F1} %).\n");
        return text.ToString();
    }
}
