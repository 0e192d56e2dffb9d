using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Argus.Server.Serving;

/// <summary>
/// The model server's instruments (meter <c>Argus.Serving</c>), ready for the Prometheus exporter:
/// requests by model, version and HTTP status; request latency; predicted values; rows scored; missing
/// inputs by feature; and the version being served (a gauge of 1 labelled with it).
/// </summary>
internal sealed class ServingMetrics : IDisposable
{
    public const string MeterName = "Argus.Serving";

    private static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    // The status tag of every answered request, boxed once rather than per request.
    private static readonly KeyValuePair<string, object?> Status200 = new("status", StatusCodes.Status200OK);

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _predictions;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _missing;

    public ServingMetrics(IMeterFactory meters, ModelHost host)
    {
        _meter = meters.Create(MeterName);
        _requests = _meter.CreateCounter<long>("argus.serving.requests", "{request}", "Scoring requests answered, by model, version and HTTP status.");
        _duration = _meter.CreateHistogram("argus.serving.request.duration", "s", "Time to answer a scoring request, from reading the body to the last byte written.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _predictions = _meter.CreateHistogram<double>("argus.serving.prediction", null, "Predicted values of regression and binary models (probability of the positive class).");
        _rows = _meter.CreateCounter<long>("argus.serving.rows", "{row}", "Rows scored.");
        _missing = _meter.CreateCounter<long>("argus.serving.missing_values", "{value}", "Input values that arrived missing (null, absent or an unseen category), by feature.");
        _meter.CreateObservableGauge("argus.serving.model.info", () =>
            host.Current is { } model
                ? [new Measurement<long>(1, new KeyValuePair<string, object?>("model", model.Name), new KeyValuePair<string, object?>("version", model.Version))]
                : Array.Empty<Measurement<long>>(),
            null, "The model version being served (1).");
    }

    public void Answered(ServingModel model, ReadOnlySpan<float> outputs, int rows, TimeSpan elapsed)
    {
        var tags = new TagList { { "model", model.Name }, { "version", model.Version } };
        _duration.Record(elapsed.TotalSeconds, tags);
        _rows.Add(rows, tags);
        if (model.OutputsPerRow == 1 && _predictions.Enabled)
        {
            foreach (var value in outputs)
            {
                _predictions.Record(value, tags);
            }
        }

        tags.Add(Status200);
        _requests.Add(1, tags);
    }

    public void CountMissing(ServingModel model, InputBatch batch)
    {
        if (!_missing.Enabled)
        {
            return;
        }

        var values = batch.Values;
        for (var f = 0; f < batch.Width; f++)
        {
            long count = 0;
            for (var i = f; i < values.Length; i += batch.Width)
            {
                count += float.IsNaN(values[i]) ? 1 : 0;
            }

            if (count > 0)
            {
                _missing.Add(count, new TagList { { "model", model.Name }, { "feature", model.Schema.Names[f] } });
            }
        }
    }

    public void Failed(ServingModel model, int status, TimeSpan elapsed)
    {
        var tags = new TagList { { "model", model.Name }, { "version", model.Version } };
        _duration.Record(elapsed.TotalSeconds, tags);
        tags.Add("status", status);
        _requests.Add(1, tags);
    }

    public void Dispose() => _meter.Dispose();
}
