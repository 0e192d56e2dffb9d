using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Tests.Core.Data;

public sealed class CsvReaderTests
{
    private static List<string[]> ReadAll(string csv, CsvOptions? options = null)
    {
        var reader = new CsvReader(new StringReader(csv), "t.csv", options);
        var rows = new List<string[]>();
        while (reader.TryRead(out var fields))
        {
            rows.Add(fields);
        }

        return rows;
    }

    private static string ErrorOf(string csv)
    {
        var e = Assert.Throws<ArgusException>(() => ReadAll(csv));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        return e.Message;
    }

    [Fact]
    public void TryRead_QuotedFields_CommasDoubledQuotesAndNewlinesKept()
    {
        var rows = ReadAll("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\n");
        var row = Assert.Single(rows);
        Assert.Equal(["x,y", "say \"hi\"", "line1\nline2"], row);
    }

    [Fact]
    public void TryRead_EmptyAndQuotedEmptyFields_EmptyStrings()
    {
        var rows = ReadAll("a,b,c\n,\"\",\n");
        Assert.Equal(["", "", ""], Assert.Single(rows));
    }

    [Fact]
    public void TryRead_NoTrailingNewlineAndBlankLines_AllRecords()
    {
        var rows = ReadAll("a,b\r\n1,2\r\n\r\n3,4");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["3", "4"], rows[1]);
    }

    [Fact]
    public void Constructor_Bom_TrimmedFromFirstColumnName()
    {
        var reader = new CsvReader(new StringReader("\uFEFFa,b\n1,2\n"), "t.csv");
        Assert.Equal(["a", "b"], reader.Header);
    }

    [Fact]
    public void TryRead_SemicolonDelimiter_SplitsOnSemicolon()
    {
        var rows = ReadAll("a;b\n1,5;2\n", new CsvOptions { Delimiter = ';' });
        Assert.Equal(["1,5", "2"], Assert.Single(rows));
    }

    [Fact]
    public void TryRead_RecordAfterMultilineField_LineNumberCountsPhysicalLines()
    {
        var reader = new CsvReader(new StringReader("a,b\n\"1\n2\n3\",x\ny,z\n"), "t.csv");
        Assert.True(reader.TryRead(out _));
        Assert.Equal(2, reader.RecordLine);
        Assert.True(reader.TryRead(out _));
        Assert.Equal(5, reader.RecordLine);
    }

    [Fact]
    public void TryRead_RaggedRow_NamesFileLineAndColumn()
    {
        var message = ErrorOf("a,b,c\n1,2,3\n4,5,6\n7,8\n");
        Assert.Equal("t.csv line 4: expected 3 fields, found 2 (column 3 ('c') is missing)", message);
    }

    [Fact]
    public void TryRead_TooManyFields_NamesExtraColumn()
    {
        var message = ErrorOf("a,b\n1,2\n3,4,5\n");
        Assert.Equal("t.csv line 3: expected 2 fields, found 3 (column 3 is extra)", message);
    }

    [Fact]
    public void TryRead_UnterminatedQuote_NamesLineWhereQuoteOpened()
    {
        var message = ErrorOf("a,b\n1,2\n3,\"open\nmore\n");
        Assert.Equal("t.csv line 3, column 2 ('b'): unterminated quoted field (the closing quote is missing)", message);
    }

    [Fact]
    public void TryRead_TextAfterClosingQuote_Throws()
    {
        var message = ErrorOf("a,b\n\"x\"y,2\n");
        Assert.StartsWith("t.csv line 2, column 1 ('a'): unexpected character 'y'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\n\r\n")]
    public void Constructor_EmptyFile_Throws(string csv)
    {
        var message = ErrorOf(csv);
        Assert.Equal("t.csv line 1: the file is empty; a header row is required", message);
    }

    [Fact]
    public void Constructor_DuplicateAndEmptyHeader_ReportsBoth()
    {
        var message = ErrorOf("a,,b,a\n1,2,3,4\n");
        Assert.Equal("t.csv line 1, column 2: empty column name; column 4: duplicate column name 'a' (first at column 1)", message);
    }

    [Fact]
    public void Constructor_QuoteDelimiter_Rejected()
    {
        var e = Assert.Throws<ArgusException>(() => new CsvReader(new StringReader("a\n"), "t.csv", new CsvOptions { Delimiter = '"' }));
        Assert.Contains("delimiter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TableLoader_LargeGeneratedCsv_StreamsAllRows()
    {
        const int Rows = 200_000;
        var table = TableLoader.Read(new GeneratedCsv(Rows), "big.csv");
        Assert.Equal(Rows, table.RowCount);
        Assert.Equal(Rows - 1, table["id"].Numbers![Rows - 1]);
        Assert.Equal(ColumnType.Categorical, table["group"].Type);
    }

    /// <summary>Produces CSV text on demand so the test never holds the file as one string.</summary>
    private sealed class GeneratedCsv(int rows) : TextReader
    {
        private string _pending = "id,x,group\n";
        private int _next;
        private int _offset;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_offset == _pending.Length)
            {
                if (_next == rows)
                {
                    return 0;
                }

                _pending = $"{_next},{_next * 0.5 + 0.25},g{_next % 7}\n";
                _next++;
                _offset = 0;
            }

            var n = Math.Min(count, _pending.Length - _offset);
            _pending.CopyTo(_offset, buffer, index, n);
            _offset += n;
            return n;
        }
    }

    [Fact]
    public void TryReadRecord_Fields_SameTextAsTryRead()
    {
        // Fields longer than the reader's first field buffer and than its 64K read buffer, quoted and not, and records
        // that straddle buffer refills.
        var longPlain = new string('p', 70_000);
        var longQuoted = "q\"\"" + new string('x', 3000) + "\r\n,end";
        var csv = new System.Text.StringBuilder("a,b,c\n");
        for (var i = 0; i < 2000; i++)
        {
            csv.Append(i).Append(",v").Append(i % 7).Append(",\"").Append(i % 3 == 0 ? "x,\"\"y" : "z").Append("\"\n");
        }

        csv.Append(longPlain).Append(",\"").Append(longQuoted).Append("\",\r\n");
        var text = csv.ToString();
        var expected = ReadAll(text);
        var reader = new CsvReader(new StringReader(text), "t.csv");
        var row = 0;
        while (reader.TryReadRecord())
        {
            for (var f = 0; f < 3; f++)
            {
                Assert.Equal(expected[row][f], reader.Field(f).ToString());
            }

            row++;
        }

        Assert.Equal(2001, row);
        Assert.Equal(longPlain, expected[^1][0]);
        Assert.Equal("q\"" + new string('x', 3000) + "\n,end", expected[^1][1]);
        Assert.Equal("", expected[^1][2]);
        Assert.Equal("x,\"y", expected[0][2]);
    }

    [Fact]
    public void Field_OutOfRange_Throws()
    {
        var reader = new CsvReader(new StringReader("a,b\n1,2\n"), "t.csv");
        Assert.True(reader.TryReadRecord());
        Assert.Equal("2", reader.Field(1).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Field(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Field(-1));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("NA", true)]
    [InlineData("NaN", true)]
    [InlineData("null", true)]
    [InlineData("na", false)]
    [InlineData("NULL", false)]
    [InlineData(" NA", false)]
    [InlineData("nulls", false)]
    public void MissingValues_SpanAndString_Agree(string text, bool missing)
    {
        Assert.Equal(missing, MissingValues.IsMissing(text));
        Assert.Equal(missing, MissingValues.IsMissing(text.AsSpan()));
    }

    [Fact]
    public void Constructor_ThousandsOfBadHeaderNames_MessageListsTheFirstTwentyAndHowManyMore()
    {
        var header = string.Join(",", Enumerable.Repeat(new string('h', 5000), 3000));

        var e = Assert.Throws<ArgusException>(() => new CsvReader(new StringReader(header + "\n"), "wide.csv"));

        Assert.Contains("… and 2979 more", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 5000, $"The message is {e.Message.Length} characters long.");
    }
}
