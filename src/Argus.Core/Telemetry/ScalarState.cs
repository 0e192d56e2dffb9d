using System.Runtime.CompilerServices;

namespace Argus.Core.Telemetry;

/// <summary>
/// Counters and up-down counters (a running sum per tag set), gauges and observable instruments (the last value per
/// tag set; observable series not reported by the latest poll are dropped).
/// </summary>
internal sealed class ScalarState : InstrumentState
{
    private readonly SeriesMap<Cell> _series = new(static () => new Cell());
    private readonly bool _integer;
    private readonly ScalarMode _mode;

    public ScalarState(ExpositionFamily family, long order, StrongBox<long> generation, bool integer, ScalarMode mode)
        : base(family, order, generation)
    {
        _integer = integer;
        _mode = mode;
    }

    /// <summary>How a measurement updates its series.</summary>
    public enum ScalarMode
    {
        /// <summary>A counter: add, ignoring negative increments.</summary>
        AddMonotonic,

        /// <summary>An up-down counter: add.</summary>
        Add,

        /// <summary>A gauge: keep the last value.</summary>
        Set,

        /// <summary>An observable instrument: keep the last value reported by the latest poll.</summary>
        Observe,
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_integer)
        {
            Record((double)value, tags);
            return;
        }

        if (_mode == ScalarMode.AddMonotonic && value < 0)
        {
            return;
        }

        var cell = _series.Get(tags);
        switch (_mode)
        {
            case ScalarMode.Add or ScalarMode.AddMonotonic:
                Interlocked.Add(ref cell.Long, value);
                break;
            case ScalarMode.Observe:
                Volatile.Write(ref cell.Long, value);
                cell.Generation = Generation.Value;
                break;
            default:
                Volatile.Write(ref cell.Long, value);
                break;
        }
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_integer)
        {
            Record((long)value, tags);
            return;
        }

        if (_mode == ScalarMode.AddMonotonic && !(value >= 0))
        {
            return;
        }

        var cell = _series.Get(tags);
        switch (_mode)
        {
            case ScalarMode.Add or ScalarMode.AddMonotonic:
                Add(ref cell.Double, value);
                break;
            case ScalarMode.Observe:
                Volatile.Write(ref cell.Double, value);
                cell.Generation = Generation.Value;
                break;
            default:
                Volatile.Write(ref cell.Double, value);
                break;
        }
    }

    public override void Write(ExpositionWriter writer, long generation)
    {
        var wroteHeader = false;
        foreach (var (key, cell) in _series.Sorted())
        {
            if (_mode == ScalarMode.Observe && cell.Generation != generation)
            {
                _series.Remove(key);
                continue;
            }

            if (!wroteHeader)
            {
                writer.Family(Family);
                wroteHeader = true;
            }

            writer.Sample(Family.SampleName, key.Labels, _integer ? Volatile.Read(ref cell.Long) : Volatile.Read(ref cell.Double));
        }
    }

    private sealed class Cell
    {
        public long Long;
        public double Double;
        public long Generation;
    }
}
