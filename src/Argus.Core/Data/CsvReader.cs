using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Argus.Core.Errors;

namespace Argus.Core.Data;

/// <summary>
/// A streaming RFC 4180 reader: it pulls characters from a <see cref="TextReader"/> through a fixed buffer and
/// yields one record at a time, so memory does not grow with the file. The first record is the header, which is
/// required. Quoted fields may hold delimiters, doubled quotes and line breaks; a line break inside quotes is
/// normalised to <c>\n</c> so that the same data with CRLF or LF endings reads the same. A leading UTF-8 byte order
/// mark is dropped. Blank lines between records are skipped (as pandas does). Every error names the source, the
/// 1-based line and the column.
/// <para>Fields can be taken as strings (<see cref="TryRead"/>) or, without allocating, as spans of a reused buffer
/// (<see cref="TryReadRecord"/> and <see cref="Field"/>); unquoted fields are found with a vectorised search for the
/// next delimiter or line break.</para>
/// </summary>
public sealed class CsvReader
{
    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly SearchValues<char> _stops;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly string[] _header;
    private char[] _text = new char[1024];
    private int _textLength;
    private int[] _fieldEnds = new int[16];
    private int _fieldCount;
    private int _position;
    private int _length;
    private int _line = 1;

    /// <summary>Reads the header at once; throws when the file is empty or the header is invalid.</summary>
    public CsvReader(TextReader reader, string sourceName, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= CsvOptions.Default;
        options.Validate();
        _reader = reader;
        _delimiter = options.Delimiter;
        _stops = SearchValues.Create([_delimiter, '\r', '\n']);
        SourceName = sourceName;
        if (Peek() == '\uFEFF')
        {
            _position++;
        }

        if (!ReadRaw())
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"{sourceName} line 1: the file is empty; a header row is required");
        }

        _header = new string[_fieldCount];
        for (var i = 0; i < _header.Length; i++)
        {
            _header[i] = Field(i).ToString();
        }

        ValidateHeader();
    }

    /// <summary>The name used in error messages (usually the file name).</summary>
    public string SourceName { get; }

    /// <summary>The column names from the header row.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>The 1-based line on which the last record read starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record; false at the end of the input. Throws on a ragged row or a broken quote.</summary>
    public bool TryRead([NotNullWhen(true)] out string[]? fields)
    {
        if (!TryReadRecord())
        {
            fields = null;
            return false;
        }

        fields = new string[_fieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = Field(i).ToString();
        }

        return true;
    }

    /// <summary>
    /// Reads the next record without allocating; its fields are then <see cref="Field"/>(0) to
    /// <see cref="Field"/>(<see cref="Header"/>.Count − 1), valid until the next read. False at the end of the input.
    /// Throws on a ragged row or a broken quote.
    /// </summary>
    public bool TryReadRecord()
    {
        if (!ReadRaw())
        {
            return false;
        }

        if (_fieldCount != _header.Length)
        {
            var where = _fieldCount < _header.Length
                ? $"column {_fieldCount + 1} ({ErrorText.Quote(_header[_fieldCount])}) is missing"
                : $"column {_header.Length + 1} is extra";
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"{SourceName} line {RecordLine}: expected {_header.Length} fields, found {_fieldCount} ({where})");
        }

        return true;
    }

    /// <summary>The text of field <paramref name="index"/> (0-based) of the record last read, quotes removed.</summary>
    public ReadOnlySpan<char> Field(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _fieldCount);
        var start = index == 0 ? 0 : _fieldEnds[index - 1];
        return _text.AsSpan(start, _fieldEnds[index] - start);
    }

    private void ValidateHeader()
    {
        var problems = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _header.Length; i++)
        {
            var name = _header[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add($"column {i + 1}: empty column name");
            }
            else if (!seen.TryAdd(name, i + 1))
            {
                problems.Add($"column {i + 1}: duplicate column name {ErrorText.Quote(name)} (first at column {seen[name]})");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"{SourceName} line {RecordLine}, " + ErrorText.List(problems, "; "));
        }
    }

    private bool ReadRaw()
    {
        _fieldCount = 0;
        _textLength = 0;
        while (true)
        {
            var c = Peek();
            if (c == -1)
            {
                return false;
            }

            if (c is not ('\r' or '\n'))
            {
                break;
            }

            ConsumeLineBreak();
        }

        RecordLine = _line;
        while (true)
        {
            var column = _fieldCount + 1;
            if (Peek() == '"')
            {
                ReadQuoted(column);
            }
            else
            {
                ReadUnquoted();
            }

            EndField();
            var end = Peek();
            if (end == _delimiter)
            {
                _position++;
                continue;
            }

            if (end is '\r' or '\n')
            {
                ConsumeLineBreak();
            }

            return true;
        }
    }

    private void ReadUnquoted()
    {
        while (_position < _length || Fill())
        {
            var rest = _buffer.AsSpan(_position, _length - _position);
            var stop = rest.IndexOfAny(_stops);
            if (stop >= 0)
            {
                Append(rest[..stop]);
                _position += stop;
                return;
            }

            Append(rest);
            _position = _length;
        }
    }

    private void ReadQuoted(int column)
    {
        var openedAt = _line;
        _position++;
        while (true)
        {
            var c = Next();
            switch (c)
            {
                case -1:
                    throw Error(openedAt, column, "unterminated quoted field (the closing quote is missing)");
                case '"' when Peek() == '"':
                    _position++;
                    Append('"');
                    break;
                case '"':
                    var after = Peek();
                    if (after != -1 && after != _delimiter && after is not ('\r' or '\n'))
                    {
                        throw Error(_line, column, $"unexpected character '{(char)after}' after a closing quote");
                    }

                    return;
                case '\r':
                    if (Peek() == '\n')
                    {
                        _position++;
                    }

                    Append('\n');
                    _line++;
                    break;
                case '\n':
                    Append('\n');
                    _line++;
                    break;
                default:
                    Append((char)c);
                    break;
            }
        }
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (_textLength + chars.Length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + chars.Length));
        }

        chars.CopyTo(_text.AsSpan(_textLength));
        _textLength += chars.Length;
    }

    private void Append(char c)
    {
        if (_textLength == _text.Length)
        {
            Array.Resize(ref _text, _text.Length * 2);
        }

        _text[_textLength++] = c;
    }

    private void EndField()
    {
        if (_fieldCount == _fieldEnds.Length)
        {
            Array.Resize(ref _fieldEnds, _fieldEnds.Length * 2);
        }

        _fieldEnds[_fieldCount++] = _textLength;
    }

    private ArgusException Error(int line, int column, string message)
    {
        var name = _header is not null && column <= _header.Length ? $" ({ErrorText.Quote(_header[column - 1])})" : "";
        return new ArgusException(ErrorCode.InvalidParameterValue, $"{SourceName} line {line}, column {column}{name}: {message}");
    }

    private void ConsumeLineBreak()
    {
        if (Next() == '\r' && Peek() == '\n')
        {
            _position++;
        }

        _line++;
    }

    private int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    private int Next()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position++];
    }

    private bool Fill()
    {
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
