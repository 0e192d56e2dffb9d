using System.Buffers;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Argus.Core.Telemetry;

/// <summary>
/// The Prometheus exporter's collector: a <see cref="MeterListener"/> on every instrument of the configured meters,
/// aggregating as OpenTelemetry does (counters → cumulative sums, up-down counters → sums shown as gauges, gauges →
/// last value, histograms → cumulative buckets with the advised boundaries, sum and count), rendered on demand in
/// text format 0.0.4 or OpenMetrics 1.0.0. Recording is lock-free and, for a tag set already seen, allocation-free;
/// observable instruments are polled when a render starts. One per process (or per host, with a meter scope).
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly MetricsCollectorOptions _options;
    private readonly MeterListener _listener = new();
    private readonly StrongBox<long> _generation = new(0);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _sourcesLock = new();
    private readonly List<FamilySource> _sources = [];
    private int _sourcesVersion;
    private int _orderedVersion = -1;
    private FamilySource[] _ordered = [];
    private long _published;
    private bool _started;
    private bool _disposed;

    /// <summary>Creates a collector; it listens once <see cref="Start"/> is called.</summary>
    public MetricsCollector(MetricsCollectorOptions? options = null)
    {
        _options = options ?? new MetricsCollectorOptions();
        _options.Validate();
        if (_options.ProcessMetrics && ProcessMetrics.Available)
        {
            _sources.AddRange(new ProcessMetrics().Families);
        }

        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = OnMeasurementsCompleted;
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record((long)value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record((long)value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record((long)value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
    }

    /// <summary>Starts listening: instruments that already exist and those created later are collected.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_started)
        {
            _started = true;
            _listener.Start();
        }
    }

    /// <summary>Polls the observable instruments and writes every family, sorted by name, into <paramref name="output"/>.</summary>
    public void Render(ExpositionFormat format, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _gate.Wait();
        try
        {
            RenderCore(format, output);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>As <see cref="Render"/>, waiting for a concurrent render without blocking the thread.</summary>
    public async Task RenderAsync(ExpositionFormat format, IBufferWriter<byte> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RenderCore(format, output);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _listener.Dispose();
        _gate.Dispose();
    }

    private void RenderCore(ExpositionFormat format, IBufferWriter<byte> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var generation = Interlocked.Increment(ref _generation.Value);
        _listener.RecordObservableInstruments();
        var writer = new ExpositionWriter(output, format);
        string? previous = null;
        foreach (var source in Ordered())
        {
            // Two instruments mapping to one name would make two families; the first one published is kept.
            if (string.Equals(source.Family.Name, previous, StringComparison.Ordinal))
            {
                continue;
            }

            previous = source.Family.Name;
            source.Write(writer, generation);
        }

        writer.End();
    }

    private FamilySource[] Ordered()
    {
        lock (_sourcesLock)
        {
            if (_orderedVersion != _sourcesVersion)
            {
                var ordered = _sources.ToArray();
                Array.Sort(ordered, static (a, b) =>
                {
                    var byName = string.CompareOrdinal(a.Family.Name, b.Family.Name);
                    return byName != 0 ? byName : a.Order.CompareTo(b.Order);
                });
                _ordered = ordered;
                _orderedVersion = _sourcesVersion;
            }

            return _ordered;
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (_options.MeterScope is { } scope && meter.Scope is not null && !ReferenceEquals(meter.Scope, scope))
        {
            return;
        }

        var wanted = false;
        foreach (var prefix in _options.MeterPrefixes)
        {
            wanted |= meter.Name.StartsWith(prefix, StringComparison.Ordinal);
        }

        if (!wanted || CreateState(instrument, Interlocked.Increment(ref _published), _generation) is not { } state)
        {
            return;
        }

        lock (_sourcesLock)
        {
            _sources.Add(state);
            _sourcesVersion++;
        }

        listener.EnableMeasurementEvents(instrument, state);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is FamilySource source)
        {
            lock (_sourcesLock)
            {
                _sources.Remove(source);
                _sourcesVersion++;
            }
        }
    }

    private static InstrumentState? CreateState(Instrument instrument, long order, StrongBox<long> generation)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var valueType = type.GetGenericArguments()[0];
        var integer = valueType == typeof(long) || valueType == typeof(int) || valueType == typeof(short) || valueType == typeof(byte);
        (MetricType Kind, ScalarState.ScalarMode Mode)? scalar =
            definition == typeof(Counter<>) ? (MetricType.Counter, ScalarState.ScalarMode.AddMonotonic)
            : definition == typeof(ObservableCounter<>) ? (MetricType.Counter, ScalarState.ScalarMode.Observe)
            : definition == typeof(UpDownCounter<>) ? (MetricType.Gauge, ScalarState.ScalarMode.Add)
            : definition == typeof(ObservableUpDownCounter<>) ? (MetricType.Gauge, ScalarState.ScalarMode.Observe)
            : definition == typeof(Gauge<>) ? (MetricType.Gauge, ScalarState.ScalarMode.Set)
            : definition == typeof(ObservableGauge<>) ? (MetricType.Gauge, ScalarState.ScalarMode.Observe)
            : null;
        if (scalar is { } s)
        {
            return new ScalarState(Family(instrument, s.Kind), order, generation, integer, s.Mode);
        }

        if (definition == typeof(Histogram<>))
        {
            return new HistogramState(Family(instrument, MetricType.Histogram), order, generation, Boundaries(instrument));
        }

        return null;
    }

    private static ExpositionFamily Family(Instrument instrument, MetricType type)
    {
        var (family, sample, unit) = PrometheusNames.MetricName(instrument.Name, instrument.Unit, type);
        return new ExpositionFamily(family, sample, type, unit, instrument.Description);
    }

    /// <summary>The instrument's advised boundaries when they are finite and strictly increasing, else OpenTelemetry's defaults.</summary>
    internal static double[] Boundaries(Instrument instrument)
    {
        var advised = instrument switch
        {
            Instrument<double> i => i.Advice?.HistogramBucketBoundaries?.ToArray(),
            Instrument<float> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            Instrument<long> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            Instrument<short> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            Instrument<byte> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            Instrument<decimal> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 } && advised.All(double.IsFinite) && IsIncreasing(advised))
        {
            return advised;
        }

        return [.. MetricsCollectorOptions.DefaultHistogramBoundaries];
    }

    private static bool IsIncreasing(double[] bounds)
    {
        for (var i = 1; i < bounds.Length; i++)
        {
            if (!(bounds[i] > bounds[i - 1]))
            {
                return false;
            }
        }

        return true;
    }
}
