using System.Diagnostics.Metrics;
using Argus.Core.Errors;
using Argus.Core.Telemetry;

namespace Argus.Tests.Core.Telemetry;

public sealed class MetricsCollectorTests : IDisposable
{
    private const string Help = "Requests.\nSecond line with backslash \\ and \"quotes\".";

    // A meter of its own per test instance, so parallel tests never see each other's instruments.
    private readonly Meter _meter = new("TelemetryTests." + Guid.NewGuid().ToString("N")); // not "Argus.": a server another test starts must not listen to it
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _collector = new MetricsCollector(new MetricsCollectorOptions { MeterPrefixes = [_meter.Name], ProcessMetrics = false });
        _collector.Start();
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Render_KnownInstruments_TextFormatIsExact()
    {
        RecordKnownInstruments();
        var expected = """
            # HELP argus_test_active Active requests.
            # TYPE argus_test_active gauge
            argus_test_active 2
            # HELP argus_test_drift_ratio Drift share.
            # TYPE argus_test_drift_ratio gauge
            argus_test_drift_ratio{model="a"} +Inf
            argus_test_drift_ratio{model="b"} -Inf
            argus_test_drift_ratio{model="c"} 0
            argus_test_drift_ratio{model="churn"} NaN
            argus_test_drift_ratio{model="fraud"} 1e-07
            # HELP argus_test_duration_seconds Latency.
            # TYPE argus_test_duration_seconds histogram
            argus_test_duration_seconds_bucket{model="churn",le="0.25"} 1
            argus_test_duration_seconds_bucket{model="churn",le="0.5"} 3
            argus_test_duration_seconds_bucket{model="churn",le="1"} 3
            argus_test_duration_seconds_bucket{model="churn",le="2.5"} 4
            argus_test_duration_seconds_bucket{model="churn",le="+Inf"} 5
            argus_test_duration_seconds_sum{model="churn"} 11.25
            argus_test_duration_seconds_count{model="churn"} 5
            # HELP argus_test_requests_total Requests.\nSecond line with backslash \\ and "quotes".
            # TYPE argus_test_requests_total counter
            argus_test_requests_total{model="churn",note="a\"b\nc",path="C:\\m\\x.onnx"} 1027
            argus_test_requests_total{model="fraud",note="tab	and ünïcode",path="/models/fraud"} 1e+06
            # HELP argus_test_seconds_total CPU time.
            # TYPE argus_test_seconds_total counter
            argus_test_seconds_total 1.5e-07

            """;
        Assert.Equal(expected, TelemetryText.Render(_collector, ExpositionFormat.PrometheusText));
    }

    [Fact]
    public void Render_KnownInstruments_OpenMetricsIsExact()
    {
        RecordKnownInstruments();
        var expected = """
            # TYPE argus_test_active gauge
            # HELP argus_test_active Active requests.
            argus_test_active 2.0
            # TYPE argus_test_drift_ratio gauge
            # UNIT argus_test_drift_ratio ratio
            # HELP argus_test_drift_ratio Drift share.
            argus_test_drift_ratio{model="a"} +Inf
            argus_test_drift_ratio{model="b"} -Inf
            argus_test_drift_ratio{model="c"} 0.0
            argus_test_drift_ratio{model="churn"} NaN
            argus_test_drift_ratio{model="fraud"} 1e-07
            # TYPE argus_test_duration_seconds histogram
            # UNIT argus_test_duration_seconds seconds
            # HELP argus_test_duration_seconds Latency.
            argus_test_duration_seconds_bucket{model="churn",le="0.25"} 1
            argus_test_duration_seconds_bucket{model="churn",le="0.5"} 3
            argus_test_duration_seconds_bucket{model="churn",le="1.0"} 3
            argus_test_duration_seconds_bucket{model="churn",le="2.5"} 4
            argus_test_duration_seconds_bucket{model="churn",le="+Inf"} 5
            argus_test_duration_seconds_sum{model="churn"} 11.25
            argus_test_duration_seconds_count{model="churn"} 5
            # TYPE argus_test_requests counter
            # HELP argus_test_requests Requests.\nSecond line with backslash \\ and \"quotes\".
            argus_test_requests_total{model="churn",note="a\"b\nc",path="C:\\m\\x.onnx"} 1027.0
            argus_test_requests_total{model="fraud",note="tab	and ünïcode",path="/models/fraud"} 1e+06
            # TYPE argus_test_seconds counter
            # UNIT argus_test_seconds seconds
            # HELP argus_test_seconds CPU time.
            argus_test_seconds_total 1.5e-07
            # EOF

            """;
        Assert.Equal(expected, TelemetryText.Render(_collector, ExpositionFormat.OpenMetrics));
    }

    [Fact]
    public async Task Render_KnownInstruments_PromtoolFindsNoProblem()
    {
        RecordKnownInstruments();
        var (exitCode, output) = await TelemetryText.CheckAsync(TelemetryText.Render(_collector, ExpositionFormat.PrometheusText));
        Assert.True(exitCode == 0, output);
        Assert.Equal(string.Empty, output.Trim());
    }

    [Fact]
    public void Render_NothingRecorded_IsEmptyOrJustEof()
    {
        _meter.CreateCounter<long>("argus.test.unused", null, "Never incremented.");
        Assert.Equal(string.Empty, TelemetryText.Render(_collector, ExpositionFormat.PrometheusText));
        Assert.Equal("# EOF\n", TelemetryText.Render(_collector, ExpositionFormat.OpenMetrics));
    }

    [Fact]
    public void Record_SameTagsInAnotherOrder_IsOneSeries()
    {
        var counter = _meter.CreateCounter<long>("argus.test.ordered", null, "Ordered.");
        counter.Add(1, new("a", "1"), new("b", 2));
        counter.Add(2, new("b", 2), new("a", "1"));
        counter.Add(-5, new("a", "1"), new("b", 2)); // a negative increment of a counter is dropped
        Assert.Equal(
            "# HELP argus_test_ordered_total Ordered.\n# TYPE argus_test_ordered_total counter\nargus_test_ordered_total{a=\"1\",b=\"2\"} 3\n",
            TelemetryText.Render(_collector, ExpositionFormat.PrometheusText));
    }

    [Fact]
    public void Render_ObservableSeriesNoLongerReported_IsDropped()
    {
        var version = "1";
        _meter.CreateObservableGauge("argus.test.model.info", () => new Measurement<long>(1, new KeyValuePair<string, object?>("version", version)), null, "Served version.");
        Assert.Contains("argus_test_model_info{version=\"1\"} 1\n", TelemetryText.Render(_collector, ExpositionFormat.PrometheusText), StringComparison.Ordinal);
        version = "2";
        var text = TelemetryText.Render(_collector, ExpositionFormat.PrometheusText);
        Assert.Contains("argus_test_model_info{version=\"2\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("version=\"1\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ObservableCounterAndSyncGauge_ReportLastValues()
    {
        var total = 10L;
        _meter.CreateObservableCounter("argus.test.observed", () => total, "By", "Observed bytes.");
        var gauge = _meter.CreateGauge<double>("argus.test.level", null, "Level.");
        gauge.Record(0.5);
        gauge.Record(0.25);
        total = 1_234_567;
        var text = TelemetryText.Render(_collector, ExpositionFormat.PrometheusText);
        Assert.Contains("\nargus_test_level 0.25\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE argus_test_observed_bytes_total counter\nargus_test_observed_bytes_total 1.234567e+06\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Boundaries_NoAdvice_AreOpenTelemetryDefaults()
    {
        var histogram = _meter.CreateHistogram<long>("argus.test.size", "By", "Sizes.");
        Assert.Equal([0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000], MetricsCollector.Boundaries(histogram));
        histogram.Record(7);
        var text = TelemetryText.Render(_collector, ExpositionFormat.PrometheusText);
        Assert.Contains("argus_test_size_bytes_bucket{le=\"5\"} 0\nargus_test_size_bytes_bucket{le=\"10\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("argus_test_size_bytes_bucket{le=\"10000\"} 1\nargus_test_size_bytes_bucket{le=\"+Inf\"} 1\nargus_test_size_bytes_sum 7\nargus_test_size_bytes_count 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_ManyThreads_TotalsAreExact()
    {
        const int Threads = 8;
        const int PerThread = 50_000;
        var counter = _meter.CreateCounter<long>("argus.test.hits", null, "Hits.");
        var sum = _meter.CreateCounter<double>("argus.test.amount", null, "Amount.");
        var histogram = _meter.CreateHistogram<double>("argus.test.latency", "s", "Latency.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1] });
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var model = (t % 2 == 0) ? "a" : "b";
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                // Alternate tag order: still one series per model.
                if (i % 2 == 0)
                {
                    counter.Add(1, new("model", model), new("status", 200));
                }
                else
                {
                    counter.Add(1, new("status", 200), new("model", model));
                }

                sum.Add(0.5, new KeyValuePair<string, object?>("model", model));
                histogram.Record(i % 2 == 0 ? 0.25 : 2, new KeyValuePair<string, object?>("model", model));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var perModel = Threads / 2 * PerThread;
        var text = TelemetryText.Render(_collector, ExpositionFormat.OpenMetrics);
        Assert.Contains($"argus_test_hits_total{{model=\"a\",status=\"200\"}} {perModel}.0\nargus_test_hits_total{{model=\"b\",status=\"200\"}} {perModel}.0\n", text, StringComparison.Ordinal);
        Assert.Contains($"argus_test_amount_total{{model=\"a\"}} {perModel / 2}.0\n", text, StringComparison.Ordinal);
        Assert.Contains(
            $"argus_test_latency_seconds_bucket{{model=\"b\",le=\"0.5\"}} {perModel / 2}\n" +
            $"argus_test_latency_seconds_bucket{{model=\"b\",le=\"1.0\"}} {perModel / 2}\n" +
            $"argus_test_latency_seconds_bucket{{model=\"b\",le=\"+Inf\"}} {perModel}\n" +
            $"argus_test_latency_seconds_sum{{model=\"b\"}} {(perModel / 2 * 0.25) + (perModel / 2 * 2)}.0\n" +
            $"argus_test_latency_seconds_count{{model=\"b\"}} {perModel}\n",
            text, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_SeenTagSet_AllocatesNothing()
    {
        var counter = _meter.CreateCounter<long>("argus.test.cheap", null, "Cheap.");
        var histogram = _meter.CreateHistogram<double>("argus.test.cheap.duration", "s", "Cheap latency.");
        KeyValuePair<string, object?> model = new("model", "churn");
        KeyValuePair<string, object?> status = new("status", "200");
        counter.Add(1, model, status);
        histogram.Record(0.1, model, status);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            counter.Add(1, model, status);
            histogram.Record(0.1, model, status);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Options_Invalid_ReportsEveryProblem()
    {
        var error = Assert.Throws<ArgusException>(() => new MetricsCollectorOptions { MeterPrefixes = ["", " "] }.Validate());
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("MeterPrefixes[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("MeterPrefixes[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ProcessMetrics_HaveClientGolangNamesAndHelp()
    {
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterPrefixes = [_meter.Name] });
        var text = TelemetryText.Render(collector, ExpositionFormat.PrometheusText);
        Assert.Contains("# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n# TYPE process_cpu_seconds_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP process_max_fds Maximum number of open file descriptors.\n# TYPE process_max_fds gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP process_open_fds Number of open file descriptors.\n# TYPE process_open_fds gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n# TYPE process_start_time_seconds gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n# TYPE process_virtual_memory_bytes gauge\n", text, StringComparison.Ordinal);

        var start = Value(text, "process_start_time_seconds");
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(start, now - (7 * 24 * 3600), now + 5);
        Assert.True(Value(text, "process_resident_memory_bytes") > 1 << 20);
        Assert.True(Value(text, "process_virtual_memory_bytes") >= Value(text, "process_resident_memory_bytes"));
        Assert.True(Value(text, "process_open_fds") >= 3);
        Assert.True(Value(text, "process_max_fds") >= Value(text, "process_open_fds"));
        Assert.True(Value(text, "process_cpu_seconds_total") > 0);
    }

    private static double Value(string text, string name)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private void RecordKnownInstruments()
    {
        var requests = _meter.CreateCounter<long>("argus.test.requests", "{request}", Help);
        requests.Add(1000, new("model", "churn"), new("path", @"C:\m\x.onnx"), new("note", "a\"b\nc"));
        requests.Add(27, new("note", "a\"b\nc"), new("model", "churn"), new("path", @"C:\m\x.onnx"));
        requests.Add(1_000_000, new("model", "fraud"), new("note", "tab\tand ünïcode"), new("path", "/models/fraud"));

        var drift = new Dictionary<string, double> { ["churn"] = double.NaN, ["fraud"] = 1e-07, ["a"] = double.PositiveInfinity, ["b"] = double.NegativeInfinity, ["c"] = -0.0 };
        _meter.CreateObservableGauge("argus.test.drift", () => drift.Select(d => new Measurement<double>(d.Value, new KeyValuePair<string, object?>("model", d.Key))), "1", "Drift share.");

        var duration = _meter.CreateHistogram<double>("argus.test.duration", "s", "Latency.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2.5] });
        foreach (var value in new[] { 0.25, 0.5, 0.5, 2, 8 })
        {
            duration.Record(value, new KeyValuePair<string, object?>("model", "churn"));
        }

        var active = _meter.CreateUpDownCounter<int>("argus.test.active", "{request}", "Active requests.");
        active.Add(3);
        active.Add(-1);

        _meter.CreateCounter<double>("argus.test.seconds", "s", "CPU time.").Add(1.5e-7);
    }
}
