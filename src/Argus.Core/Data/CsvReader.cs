using System.Diagnostics.CodeAnalysis;
using System.Text;
using Argus.Core.Errors;

namespace Argus.Core.Data;

/// <summary>
/// A streaming RFC 4180 reader: it pulls characters from a <see cref="TextReader"/> through a fixed buffer and
/// yields one record at a time, so memory does not grow with the file. The first record is the header, which is
/// required. Quoted fields may hold delimiters, doubled quotes and line breaks; a line break inside quotes is
/// normalised to <c>\n</c> so that the same data with CRLF or LF endings reads the same. A leading UTF-8 byte order
/// mark is dropped. Blank lines between records are skipped (as pandas does). Every error names the source, the
/// 1-based line and the column.
/// </summary>
public sealed class CsvReader
{
    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private readonly string[] _header;
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
        SourceName = sourceName;
        if (Peek() == '\uFEFF')
        {
            Next();
        }

        if (!ReadRaw())
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"{sourceName} line 1: the file is empty; a header row is required");
        }

        _header = [.. _fields];
        ValidateHeader();
    }

    /// <summary>The name used in error messages (usually the file name).</summary>
    public string SourceName { get; }

    /// <summary>The column names from the header row.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>The 1-based line on which the last record returned by <see cref="TryRead"/> starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record; false at the end of the input. Throws on a ragged row or a broken quote.</summary>
    public bool TryRead([NotNullWhen(true)] out string[]? fields)
    {
        if (!ReadRaw())
        {
            fields = null;
            return false;
        }

        if (_fields.Count != _header.Length)
        {
            var where = _fields.Count < _header.Length
                ? $"column {_fields.Count + 1} ('{_header[_fields.Count]}') is missing"
                : $"column {_header.Length + 1} is extra";
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"{SourceName} line {RecordLine}: expected {_header.Length} fields, found {_fields.Count} ({where})");
        }

        fields = [.. _fields];
        return true;
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
                problems.Add($"column {i + 1}: duplicate column name '{name}' (first at column {seen[name]})");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"{SourceName} line {RecordLine}, " + string.Join("; ", problems));
        }
    }

    private bool ReadRaw()
    {
        _fields.Clear();
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
            _field.Clear();
            var column = _fields.Count + 1;
            if (Peek() == '"')
            {
                ReadQuoted(column);
            }
            else
            {
                while (true)
                {
                    var c = Peek();
                    if (c == -1 || c == _delimiter || c is '\r' or '\n')
                    {
                        break;
                    }

                    _field.Append((char)Next());
                }
            }

            _fields.Add(_field.ToString());
            var end = Peek();
            if (end == _delimiter)
            {
                Next();
                continue;
            }

            if (end is '\r' or '\n')
            {
                ConsumeLineBreak();
            }

            return true;
        }
    }

    private void ReadQuoted(int column)
    {
        var openedAt = _line;
        Next();
        while (true)
        {
            var c = Next();
            switch (c)
            {
                case -1:
                    throw Error(openedAt, column, "unterminated quoted field (the closing quote is missing)");
                case '"' when Peek() == '"':
                    Next();
                    _field.Append('"');
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
                        Next();
                    }

                    _field.Append('\n');
                    _line++;
                    break;
                case '\n':
                    _field.Append('\n');
                    _line++;
                    break;
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }

    private ArgusException Error(int line, int column, string message)
    {
        var name = _header is not null && column <= _header.Length ? $" ('{_header[column - 1]}')" : "";
        return new ArgusException(ErrorCode.InvalidParameterValue, $"{SourceName} line {line}, column {column}{name}: {message}");
    }

    private void ConsumeLineBreak()
    {
        if (Next() == '\r' && Peek() == '\n')
        {
            Next();
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
