using System.Buffers;

namespace Argus.Core.Inference;

/// <summary>
/// Reads a JSON Lines file line by line through one pooled buffer (grown only for a line longer than it), so a file
/// is streamed, never held whole. A last line without a line break is reported as <see cref="LineKind.Unterminated"/>:
/// a process killed mid-write, or a writer still writing it.
/// </summary>
internal sealed class JsonLineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public JsonLineReader(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    public enum LineKind
    {
        End,
        Complete,
        Unterminated,
    }

    /// <summary>The last line read, without its line break; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>The 1-based number of the last line read.</summary>
    public long LineNumber { get; private set; }

    public async ValueTask<LineKind> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = searched + newline;
                var line = _buffer.AsMemory(_start, length);
                if (length > 0 && line.Span[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                Line = line;
                _start += length + 1;
                LineNumber++;
                return LineKind.Complete;
            }

            searched = _end - _start;
            if (_eof)
            {
                if (_start == _end)
                {
                    Line = default;
                    return LineKind.End;
                }

                Line = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                LineNumber++;
                return LineKind.Unterminated;
            }

            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _end).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
