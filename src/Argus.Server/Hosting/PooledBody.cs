using System.Buffers;
using System.IO.Pipelines;

namespace Argus.Server.Hosting;

/// <summary>
/// A whole request body, read through the request's <see cref="PipeReader"/>. A body that arrived in one buffer is used
/// where Kestrel holds it (no copy); one spread over several is copied into a pooled array. Disposing hands the
/// buffer back (marks the body consumed, or returns the array).
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private readonly ReadOnlyMemory<byte> _memory;
    private PipeReader? _reader;
    private readonly SequencePosition _end;
    private byte[]? _rented;
    private int _disposed;

    /// <summary>Takes the body <paramref name="reader"/> returned whole; the reader is advanced past it on disposal.</summary>
    public PooledBody(PipeReader reader, ReadOnlySequence<byte> body)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Length = checked((int)body.Length);
        if (body.IsSingleSegment)
        {
            _memory = body.First;
        }
        else
        {
            _rented = ArrayPool<byte>.Shared.Rent(Math.Max(Length, 1));
            body.CopyTo(_rented);
            _memory = _rented.AsMemory(0, Length);
        }

        _reader = reader;
        _end = body.End;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => Volatile.Read(ref _disposed) == 0 ? _memory.Span : throw new ObjectDisposedException(nameof(PooledBody));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _reader?.AdvanceTo(_end);
        _reader = null;
        if (_rented is { } rented)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
