using System.Collections.Concurrent;

namespace Argus.Core.Telemetry;

/// <summary>
/// The series of one instrument: a lock-free map from tag set to cell. Recording finds an existing cell through the
/// measurement's tag span (no allocation); only a new tag set builds a key. The sorted view is rebuilt at render
/// time only when series were added or removed.
/// </summary>
internal sealed class SeriesMap<TCell>
    where TCell : class
{
    private readonly ConcurrentDictionary<TagSet, TCell> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, TCell>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly Func<TCell> _create;
    private int _version;
    private int _sortedVersion = -1;
    private KeyValuePair<TagSet, TCell>[] _sorted = [];

    public SeriesMap(Func<TCell> create)
    {
        _create = create;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public int Count => _series.Count;

    public TCell Get(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _lookup.TryGetValue(tags, out var cell) ? cell : Add(tags);

    /// <summary>The series sorted by label text. Called under the collector's render lock only.</summary>
    public KeyValuePair<TagSet, TCell>[] Sorted()
    {
        var version = Volatile.Read(ref _version);
        if (version != _sortedVersion)
        {
            var snapshot = _series.ToArray();
            Array.Sort(snapshot, static (a, b) => a.Key.Labels.AsSpan().SequenceCompareTo(b.Key.Labels));
            _sorted = snapshot;
            _sortedVersion = version;
        }

        return _sorted;
    }

    public void Remove(TagSet key)
    {
        if (_series.TryRemove(key, out _))
        {
            Interlocked.Increment(ref _version);
        }
    }

    private TCell Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var created = _create();
        var cell = _series.GetOrAdd(TagSet.Create(tags), created);
        if (ReferenceEquals(cell, created))
        {
            Interlocked.Increment(ref _version);
        }

        return cell;
    }
}
