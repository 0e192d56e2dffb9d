using System.Runtime.CompilerServices;

namespace Argus.Core.Telemetry;

/// <summary>The aggregate of one instrument, fed by the listener's measurement callbacks on any thread.</summary>
internal abstract class InstrumentState(ExpositionFamily family, long order, StrongBox<long> generation) : FamilySource(family, order)
{
    /// <summary>The current render's number, stamped on observable series as they are reported.</summary>
    protected StrongBox<long> Generation { get; } = generation;

    public abstract void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Adds to a double without a lock (compare-and-swap on its bits, so NaN cannot loop forever).</summary>
    protected static void Add(ref double location, double value)
    {
        while (true)
        {
            var current = Volatile.Read(ref location);
            var seen = Interlocked.CompareExchange(ref location, current + value, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }
        }
    }
}
