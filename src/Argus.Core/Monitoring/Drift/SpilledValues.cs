using System.Runtime.InteropServices;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// A column's values appended one at a time and kept in a <see cref="ColumnSpill"/> in blocks of
/// <see cref="BlockLength"/>; read back whole with <see cref="ToArray"/>.
/// </summary>
internal sealed class SpilledValues<T>
    where T : unmanaged
{
    /// <summary>Values per block: 128 KiB of doubles.</summary>
    public const int BlockLength = 16 * 1024;

    private readonly ColumnSpill _spill;
    private readonly List<long> _blocks = [];
    private T[]? _buffer = new T[BlockLength];
    private int _buffered;

    public SpilledValues(ColumnSpill spill) => _spill = spill;

    /// <summary>The number of values added.</summary>
    public int Count { get; private set; }

    public void Add(T value)
    {
        var buffer = _buffer ?? throw new InvalidOperationException("The column is complete.");
        buffer[_buffered++] = value;
        Count++;
        if (_buffered == BlockLength)
        {
            Flush();
        }
    }

    /// <summary>Writes the last partial block and releases the buffer; no value can be added afterwards.</summary>
    public void Complete()
    {
        if (_buffer is null)
        {
            return;
        }

        if (_buffered > 0)
        {
            Flush();
        }

        _buffer = null;
    }

    /// <summary>Every value, in the order added. The column must be complete.</summary>
    public T[] ToArray()
    {
        var values = GC.AllocateUninitializedArray<T>(Count);
        CopyTo(values);
        return values;
    }

    /// <summary>Writes every value, in the order added, to the start of <paramref name="destination"/>.</summary>
    public void CopyTo(Span<T> destination)
    {
        if (_buffer is not null)
        {
            throw new InvalidOperationException("The column is still being written.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Count, nameof(destination));
        for (var b = 0; b < _blocks.Count; b++)
        {
            var start = b * BlockLength;
            var length = Math.Min(BlockLength, Count - start);
            _spill.Read(_blocks[b], MemoryMarshal.AsBytes(destination.Slice(start, length)));
        }
    }

    private void Flush()
    {
        _blocks.Add(_spill.Append(MemoryMarshal.AsBytes(_buffer.AsSpan(0, _buffered))));
        _buffered = 0;
    }
}
