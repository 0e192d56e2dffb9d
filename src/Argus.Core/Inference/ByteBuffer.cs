using System.Buffers;

namespace Argus.Core.Inference;

/// <summary>
/// A growable byte buffer on arrays rented from <see cref="ArrayPool{T}.Shared"/> (given back on growth and on
/// <see cref="Dispose"/>) that can be cut back (<see cref="Truncate"/>), which <see cref="ArrayBufferWriter{T}"/>
/// cannot: a record that fails to serialize halfway is removed from a batch without trace. The inference log batches
/// records in it and the Prometheus exporter renders <c>/metrics</c> into it.
/// </summary>
internal sealed class ByteBuffer(int initialCapacity = 4096) : IBufferWriter<byte>, IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, Length);

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_array.Length - Length))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(Length);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_array.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _array[Length++] = value;
    }

    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)Length, nameof(length));
        Length = length;
    }

    public void Clear() => Length = 0;

    /// <summary>Gives the array back to the pool; the buffer is empty and unusable afterwards.</summary>
    public void Dispose()
    {
        var array = _array;
        _array = [];
        Length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = Length + Math.Max(sizeHint, 1);
        if (needed > _array.Length)
        {
            ObjectDisposedException.ThrowIf(_array.Length == 0, this);
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
            _array.AsSpan(0, Length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_array);
            _array = grown;
        }
    }
}
