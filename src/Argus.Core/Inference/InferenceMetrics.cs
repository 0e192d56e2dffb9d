using System.Diagnostics.Metrics;

namespace Argus.Core.Inference;

/// <summary>The <c>Argus.Inference</c> meter: what the inference log writes, drops and holds.</summary>
internal static class InferenceMetrics
{
    public const string MeterName = "Argus.Inference";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Lock Gate = new();
    private static readonly List<InferenceLogWriter> Writers = [];

    public static Counter<long> Records { get; } = Meter.CreateCounter<long>("argus.inference.log.records", "{record}", "Inference records written to the log.");

    public static Counter<long> Dropped { get; } = Meter.CreateCounter<long>("argus.inference.log.dropped", "{record}", "Inference records dropped: buffer full, writer closed, invalid, or given up at shutdown.");

    public static Counter<long> Bytes { get; } = Meter.CreateCounter<long>("argus.inference.log.bytes", "By", "Bytes written to inference log files.");

    public static Counter<long> WriteErrors { get; } = Meter.CreateCounter<long>("argus.inference.log.write_errors", "{error}", "Failed writes or fsyncs of inference log files (each is retried).");

    public static ObservableGauge<long> QueueDepth { get; } = Meter.CreateObservableGauge("argus.inference.log.queue_depth", ObserveQueueDepth, "{record}", "Inference records waiting for the background writer.");

    public static void Register(InferenceLogWriter writer)
    {
        lock (Gate)
        {
            Writers.Add(writer);
        }
    }

    public static void Unregister(InferenceLogWriter writer)
    {
        lock (Gate)
        {
            Writers.Remove(writer);
        }
    }

    private static long ObserveQueueDepth()
    {
        lock (Gate)
        {
            long depth = 0;
            foreach (var writer in Writers)
            {
                depth += writer.QueueDepth;
            }

            return depth;
        }
    }
}
