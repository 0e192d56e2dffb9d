namespace Argus.Core.Tracking.Downsampling;

/// <summary>
/// Downsampled long histories, kept so that drawing the same chart again (another visitor, a page reload, the log-scale
/// toggle) does not read a million points again. An entry is used only while the history still has the number of
/// points it was computed from: metric points are only ever added (a point equal to a stored one is not stored
/// twice) and go away only with their run, so an unchanged count means an unchanged history. Counting is an index walk,
/// several times cheaper than reading the points, and it asks the database, so replicas never serve a stale chart.
/// Least recently used entries go first once the points held pass a budget.
/// </summary>
internal sealed class DownsampleCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recent = [];
    private long _heldPoints;

    /// <param name="minHistoryPoints">Histories shorter than this are read each time (reading them is cheap).</param>
    /// <param name="maxHeldPoints">The most downsampled points held over all entries.</param>
    public DownsampleCache(int minHistoryPoints = 50_000, long maxHeldPoints = 2_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minHistoryPoints);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeldPoints);
        MinHistoryPoints = minHistoryPoints;
        MaxHeldPoints = maxHeldPoints;
    }

    public int MinHistoryPoints { get; }

    public long MaxHeldPoints { get; }

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The points and the history size they were computed from, if held (and marks them recently used).</summary>
    public bool TryGet(string runId, string metricKey, int maxPoints, MetricAxis axis, out long historyPoints, out IReadOnlyList<Metric> points)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(new Key(runId, metricKey, maxPoints, axis), out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                historyPoints = node.Value.HistoryPoints;
                points = node.Value.Points;
                return true;
            }
        }

        historyPoints = 0;
        points = [];
        return false;
    }

    /// <summary>Holds <paramref name="points"/>, computed from a history of <paramref name="historyPoints"/> points, if that history is long enough.</summary>
    public void Set(string runId, string metricKey, int maxPoints, MetricAxis axis, long historyPoints, IReadOnlyList<Metric> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (historyPoints < MinHistoryPoints || points.Count > MaxHeldPoints)
        {
            return;
        }

        var key = new Key(runId, metricKey, maxPoints, axis);
        lock (_gate)
        {
            if (_entries.Remove(key, out var old))
            {
                _recent.Remove(old);
                _heldPoints -= old.Value.Points.Count;
            }

            _entries[key] = _recent.AddFirst(new Entry(key, historyPoints, points));
            _heldPoints += points.Count;
            while (_heldPoints > MaxHeldPoints && _recent.Last is { } last)
            {
                _recent.RemoveLast();
                _entries.Remove(last.Value.Key);
                _heldPoints -= last.Value.Points.Count;
            }
        }
    }

    private readonly record struct Key(string RunId, string MetricKey, int MaxPoints, MetricAxis Axis);

    private sealed record Entry(Key Key, long HistoryPoints, IReadOnlyList<Metric> Points);
}
