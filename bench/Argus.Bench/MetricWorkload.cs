using System.Globalization;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;

namespace Argus.Bench;

/// <summary>
/// The metric points every write benchmark sends: batch <c>b</c> of a run holds <c>keys</c> metrics
/// (<c>m0</c>, <c>m1</c>…) at the next <c>batchSize / keys</c> steps each, as a training loop that
/// logs several curves and flushes every N steps does. The ceiling inserts the very same rows.
/// </summary>
internal static class MetricWorkload
{
    public const long BaseTimestamp = 1_767_225_600_000; // 2026-01-01, fixed so runs are reproducible.

    public static Metric[] Batch(int batchIndex, int batchSize, int keys, Random random)
    {
        if (keys <= 0 || batchSize % keys != 0)
        {
            throw new ArgumentException($"--batch-size ({batchSize}) must be a multiple of --keys ({keys}).");
        }

        var perKey = batchSize / keys;
        var metrics = new Metric[batchSize];
        var i = 0;
        for (var k = 0; k < keys; k++)
        {
            var key = KeyName(k);
            for (var s = 0; s < perKey; s++)
            {
                long step = (long)batchIndex * perKey + s;
                metrics[i++] = new Metric(key, random.NextDouble(), BaseTimestamp + step, step);
            }
        }

        return metrics;
    }

    public static string KeyName(int k) => "m" + k.ToString(CultureInfo.InvariantCulture);

    /// <summary>The runs/log-batch body, as a client library would serialize it.</summary>
    public static byte[] Body(string runId, Metric[] metrics) =>
        TrackingJson.SerializeToUtf8Bytes(new LogBatchRequest(
            runId,
            metrics.Select(m => new MetricMessage(m.Key, m.Value, m.Timestamp, m.Step)).ToList()));
}
