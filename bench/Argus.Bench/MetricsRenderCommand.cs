using System.Diagnostics.Metrics;
using System.Diagnostics;
using System.Globalization;
using Argus.Core.Inference;
using Argus.Core.Telemetry;

namespace Argus.Bench;

/// <summary>
/// <c>metrics-render</c>: the Prometheus exporter's render time and managed allocation per render, for N series (half
/// counter, a quarter gauge, a quarter histogram series with 15 buckets), in both formats.
/// </summary>
internal static class MetricsRenderCommand
{
    public static void Run(BenchArgs args)
    {
        var seriesCounts = args.Ints("series", "1000,10000");
        var renders = args.Int("renders", 50);
        args.RejectUnknown();

        foreach (var count in seriesCounts)
        {
            using var meter = new Meter("Argus.Bench.Metrics" + count.ToString(CultureInfo.InvariantCulture));
            using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterPrefixes = [meter.Name], ProcessMetrics = false });
            collector.Start();
            Populate(meter, count);

            using var buffer = new ByteBuffer(64 * 1024);
            foreach (var format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
            {
                // Warm up for a while rather than a count, so tiered compilation has promoted the render code.
                var warmup = Stopwatch.StartNew();
                while (warmup.ElapsedMilliseconds < 1000)
                {
                    buffer.Clear();
                    collector.Render(format, buffer);
                }

                var times = new double[renders];
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < renders; i++)
                {
                    buffer.Clear();
                    var started = Stopwatch.GetTimestamp();
                    collector.Render(format, buffer);
                    times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)renders;
                Array.Sort(times);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"metrics-render series={count} format={format} renders={renders} median_ms={times[renders / 2]:F3} min_ms={times[0]:F3} max_ms={times[^1]:F3} output_bytes={buffer.Length} allocated_bytes_per_render={allocated:F0}"));
            }
        }
    }

    private static void Populate(Meter meter, int count)
    {
        var counter = meter.CreateCounter<long>("argus.bench.requests", "{request}", "Requests by model, route and status.");
        var gauge = meter.CreateGauge<double>("argus.bench.score", "1", "A score by model and feature.");
        var histogram = meter.CreateHistogram<double>("argus.bench.duration", "s", "Latency by model and route.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        var random = new Random(1);
        for (var i = 0; i < count; i++)
        {
            var model = new KeyValuePair<string, object?>("model", "model-" + (i % 20).ToString(CultureInfo.InvariantCulture));
            var item = new KeyValuePair<string, object?>("item", "item-" + i.ToString(CultureInfo.InvariantCulture));
            switch (i % 4)
            {
                case 0 or 1:
                    counter.Add(random.Next(1, 1_000_000), model, item);
                    break;
                case 2:
                    gauge.Record(random.NextDouble(), model, item);
                    break;
                default:
                    histogram.Record(random.NextDouble(), model, item);
                    break;
            }
        }
    }
}
