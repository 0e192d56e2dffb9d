using System.Globalization;
using System.Text;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Data;

/// <summary>
/// CSV for fuzzing: mostly well-formed files (a header of known and odd names, numbers, categories, text, missing
/// markers, quoted fields holding delimiters, quotes and line breaks, mixed line endings, a BOM), then broken at
/// character level (stray and unclosed quotes, ragged rows) and at byte level (invalid UTF-8, truncation inside a
/// character, other BOMs), with now and then a huge field or a very wide header.
/// </summary>
internal sealed class CsvGenerator(Random random)
{
    private static readonly string[] Names =
        ["a", "b", "x", "total_bill", "sex", "size", "tip", "target", "prediction", "request_id", "actual", "row", "timestamp", "x y", "é", "", " ", "a,b", "q\"q"];

    private static readonly string[] Cells =
    [
        "1", "0", "-1", "2.5", "1e3", "1e400", "-1e400", "NaN", "nan", "inf", "-Infinity", "NA", "null", "", " ", "True", "False", "Female", "Male",
        "2026-01-02", "2026-01-02T03:04:05Z", "Sun", "Dinner", "abc", "x y", "0x1F", "1,5", "١٢٣", "\u00A0", "\uFEFF",
    ];

    private static readonly string[] Tokens = ["\"", "\"\"", ",", "\r", "\n", "\r\n", "\uFEFF", "\t", ";", "\0", "\"a\"b", ",,,", "\r\r\n\n"];

    /// <summary>CSV text, usually with <paramref name="columns"/> (or a random set of) column names.</summary>
    public string Text(IReadOnlyList<string>? columns = null, int maxRows = 2000, double mutation = 0.35)
    {
        var names = columns?.ToList() ?? Header();
        var text = new StringBuilder();
        if (random.Chance(0.1))
        {
            text.Append('\uFEFF');
        }

        AppendRow(text, names);
        // Wide files stay short and long files narrow, so an input stays within a few megabytes.
        var wide = names.Count > 50;
        var rows = wide ? random.Next(0, 3) : random.Chance(0.05) ? random.Next(Math.Min(200, maxRows), maxRows) : random.Next(0, 12);

        var ragged = random.Chance(0.1);

        // Given columns are mostly typed (numbers, or a few labels) so that data gets past type inference.
        Func<string>[]? typed = null;
        if (columns is not null && random.Chance(0.7))
        {
            typed = [.. names.Select(_ => TypedColumn())];
            rows = random.Next(1, Math.Min(120, maxRows));
        }
        for (var r = 0; r < rows; r++)
        {
            if (random.Chance(0.05))
            {
                text.Append(LineEnd());
            }

            var width = ragged && random.Chance(0.2) ? Math.Max(0, names.Count + random.Next(-1, 2)) : names.Count;
            AppendRow(text, Enumerable.Range(0, width).Select(c => typed is not null && c < typed.Length && random.Chance(0.995) ? typed[c]() : Cell(huge: !wide && rows < 50)).ToList());
        }

        if (random.Chance(0.3))
        {
            text.Length -= text.Length > 0 && text[^1] == '\n' ? (text.Length > 1 && text[^2] == '\r' ? 2 : 1) : 0;
        }

        var csv = text.ToString();
        return random.Chance(mutation) ? random.MutateText(csv, Tokens) : csv;
    }

    /// <summary>CSV as bytes: <see cref="Text"/> in UTF-8, sometimes broken at byte level.</summary>
    public byte[] Bytes(IReadOnlyList<string>? columns = null, int maxRows = 2000, double mutation = 0.35)
    {
        var bytes = Encoding.UTF8.GetBytes(Text(columns, maxRows, mutation)).ToList();
        if (random.Chance(mutation * 0.7))
        {
            for (var t = random.Next(1, 4); t > 0; t--)
            {
                var at = random.Next(bytes.Count + 1);
                switch (random.Next(5))
                {
                    case 0:
                        bytes.InsertRange(at, random.Pick(new byte[][] { [0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80] }));
                        break;
                    case 1:
                        bytes.InsertRange(0, random.Pick(new byte[][] { [0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [0x00, 0x00, 0xFE, 0xFF], [0xEF, 0xBB] }));
                        break;
                    case 2 when bytes.Count > 0:
                        bytes.RemoveRange(at == bytes.Count ? at - 1 : at, bytes.Count - (at == bytes.Count ? at - 1 : at));
                        break;
                    case 3 when bytes.Count > 0:
                        bytes[Math.Min(at, bytes.Count - 1)] = (byte)random.Next(256);
                        break;
                    default:
                        bytes.Insert(at, 0);
                        break;
                }
            }
        }

        return [.. bytes];
    }

    // Cells of one column: numbers (sometimes integers, sometimes missing) or a handful of labels.
    private Func<string> TypedColumn()
    {
        var labels = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Pick(Cells)).ToArray();
        var scale = random.Chance(0.1) ? 1e300 : random.Next(1, 1000);
        return random.Next(3) switch
        {
            0 => () => random.Pick(labels),
            1 => () => random.Next(0, 8).ToString(CultureInfo.InvariantCulture),
            _ => () => random.Chance(0.05) ? string.Empty : ((random.NextDouble() - 0.3) * scale).ToString("R", CultureInfo.InvariantCulture),
        };
    }

    private List<string> Header()
    {
        var count = random.Chance(0.03) ? random.Next(500, 5000) : random.Next(0, 7);
        return [.. Enumerable.Range(0, count).Select(i => random.Chance(0.85) ? random.Pick(Names) + (random.Chance(0.5) ? i.ToString(CultureInfo.InvariantCulture) : string.Empty) : random.Pick(Cells))];
    }

    private string Cell(bool huge)
    {
        return random.Next(60) switch
        {
            0 when huge => new string('x', random.Chance(0.1) ? 2_000_000 : random.Next(1000, 70_000)),
            < 4 => random.Pick(Fuzz.NastyText),
            < 12 => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
            < 20 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
            _ => random.Pick(Cells),
        };
    }

    private void AppendRow(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var field = fields[i];
            var needsQuotes = field.AsSpan().IndexOfAny(",\"\r\n") >= 0;
            if (needsQuotes || random.Chance(0.1))
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append(LineEnd());
    }

    private string LineEnd() => random.Next(10) switch
    {
        < 6 => "\n",
        < 9 => "\r\n",
        _ => "\r",
    };
}
