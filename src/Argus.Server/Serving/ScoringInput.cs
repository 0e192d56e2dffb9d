using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Server.Serving;

/// <summary>
/// Reads a scoring request body straight into encoded rows, in MLflow's scoring formats: a JSON object with
/// exactly one of <c>dataframe_split</c>, <c>dataframe_records</c>, <c>instances</c> or <c>inputs</c> (other
/// keys such as <c>params</c> are ignored), or CSV with a header row.
/// <list type="bullet">
/// <item>Columns are matched by name; rows given as bare lists (<c>instances</c>, <c>inputs</c> as a list,
/// <c>dataframe_split</c> without <c>columns</c>) follow the signature's order.</item>
/// <item>A numerical feature takes a JSON number; a categorical one a string, a number (2 and 2.0 both read as
/// the category "2", as training read the CSV text) or a boolean ("True"/"False"). <c>null</c> (or an absent
/// key in one record) is a missing value. A category training never saw is encoded as missing and kept by
/// value for the inference log.</item>
/// <item>The target and text columns may be sent and are ignored. Any other mismatch — a column missing from
/// every row, an unknown column, a value of the wrong type — is one BAD_REQUEST listing every problem.</item>
/// </list>
/// </summary>
internal static class ScoringInput
{
    private static readonly string[] Formats = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    [ThreadStatic]
    private static char[]? t_names;

    // Column names are decoded into this per-thread scratch buffer (longer ones allocate).
    private static char[] NameBuffer => t_names ??= new char[256];

    public static InputBatch ParseJson(ReadOnlySpan<byte> body, InputSchema schema)
    {
        // A row takes at least two bytes per value ("0,"): sized from the body (up to 64 Ki values), the buffer rarely grows.
        var batch = new InputBatch(schema.Width, Math.Min(body.Length / ((2 * schema.Width) + 2), (1 << 16) / Math.Max(1, schema.Width)));
        try
        {
            var problems = new Problems(schema);
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw FormatError("The body is not a JSON object.");
            }

            // One pass: the rows are read where the format's key stands. The rest of the body is still read, for a
            // second format key (reported before anything wrong inside the first) and for JSON errors anywhere.
            string? format = null;
            ArgusException? deferred = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string? key = null;
                foreach (var candidate in Formats)
                {
                    if (reader.ValueTextEquals(candidate))
                    {
                        key = candidate;
                    }
                }

                if (key is null)
                {
                    reader.Skip();
                    continue;
                }

                if (format is not null)
                {
                    throw FormatError($"The body has both '{format}' and '{key}'.");
                }

                format = key;
                var start = reader;
                try
                {
                    reader.Read();
                    ReadFormat(ref reader, format, batch, schema, problems);
                }
                catch (ArgusException e)
                {
                    deferred = e;
                    reader = start;
                    reader.Skip();
                }
            }

            if (format is null)
            {
                throw FormatError("The body has none of them.");
            }

            if (deferred is not null)
            {
                ExceptionDispatchInfo.Throw(deferred);
            }

            problems.ThrowIfAny(batch.Rows);
            return batch;
        }
        catch (JsonException e)
        {
            batch.Dispose();
            throw new ArgusException(ErrorCode.BadRequest, $"The body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader checks a string's UTF-8 and its \u escapes only when it decodes or compares it, and then
            // throws this rather than a JsonException: the body is malformed all the same. (Nothing else here throws it.)
            batch.Dispose();
            throw new ArgusException(ErrorCode.BadRequest, "The body is not valid JSON: a string holds bytes that are not UTF-8 or an unpaired \\u surrogate escape.");
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    /// <summary>Reads CSV with a header row; empty cells and the usual missing markers (NA, NaN, null) are missing.</summary>
    public static InputBatch ParseCsv(ReadOnlySpan<byte> body, InputSchema schema)
    {
        var batch = new InputBatch(schema.Width);
        try
        {
            var problems = new Problems(schema);
            using var text = new StringReader(Encoding.UTF8.GetString(body));
            var csv = new CsvReader(text, "request body");
            var map = new int[csv.Header.Count];
            for (var c = 0; c < map.Length; c++)
            {
                map[c] = problems.Column(csv.Header[c]);
            }

            while (csv.TryRead(out var fields))
            {
                var row = batch.AddRow();
                for (var c = 0; c < fields.Length; c++)
                {
                    SetText(batch, schema, problems, row, map[c], fields[c]);
                }
            }

            problems.ThrowIfAny(batch.Rows);
            return batch;
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    /// <summary>Reads one row given as text fields by column name (a web form), with the CSV rules.</summary>
    public static InputBatch ParseFields(IEnumerable<KeyValuePair<string, string>> fields, InputSchema schema)
    {
        var batch = new InputBatch(schema.Width);
        try
        {
            var problems = new Problems(schema);
            var row = batch.AddRow();
            foreach (var (name, value) in fields)
            {
                SetText(batch, schema, problems, row, problems.Column(name), value);
            }

            problems.ThrowIfAny(batch.Rows);
            return batch;
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    // A text cell: empty and the usual markers are missing; a numerical feature must parse as a number.
    private static void SetText(InputBatch batch, InputSchema schema, Problems problems, int row, int feature, string value)
    {
        if (feature < 0 || MissingValues.IsMissing(value))
        {
            return;
        }

        if (!schema.IsCategorical[feature])
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                batch.Set(row, feature, (float)number);
            }
            else
            {
                problems.Mistyped(feature, row, "a number", ErrorText.Quote(value));
            }
        }
        else
        {
            SetCategory(batch, schema, row, feature, value);
        }
    }

    // The reader is on the value of the format's key; it is left on the value's last token.
    private static void ReadFormat(ref Utf8JsonReader reader, string format, InputBatch batch, InputSchema schema, Problems problems)
    {
        switch (format)
        {
            case "dataframe_split":
                ReadSplit(ref reader, batch, schema, problems);
                break;
            case "dataframe_records":
            case "instances":
                ReadRowList(ref reader, batch, schema, problems, format);
                break;
            default:
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadColumns(ref reader, batch, schema, problems);
                }
                else
                {
                    ReadRowList(ref reader, batch, schema, problems, format);
                }

                break;
        }
    }

    // {"columns": [...], "data": [[...], ...], "index": [...]} in any key order; without columns, rows follow the signature.
    // Data after columns (the usual order) is read in place; data before them is read once the columns are known.
    private static void ReadSplit(ref Utf8JsonReader reader, InputBatch batch, InputSchema schema, Problems problems)
    {
        Expect(ref reader, JsonTokenType.StartObject, "'dataframe_split' must be an object with 'columns' and 'data'.");
        int[]? map = null;
        var data = default(Utf8JsonReader);
        var hasData = false;
        var dataRead = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("columns"))
            {
                if (map is not null)
                {
                    throw FormatError("'dataframe_split' names 'columns' twice.");
                }

                reader.Read();
                map = ReadColumnNames(ref reader, problems);
            }
            else if (reader.ValueTextEquals("data"))
            {
                if (hasData)
                {
                    throw FormatError("'dataframe_split' holds 'data' twice.");
                }

                hasData = true;
                if (map is not null)
                {
                    reader.Read();
                    ReadSplitRows(ref reader, batch, schema, problems, map);
                    dataRead = true;
                }
                else
                {
                    data = reader;
                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (!hasData)
        {
            throw FormatError("'dataframe_split' has no 'data'.");
        }

        if (!dataRead)
        {
            data.Read();
            ReadSplitRows(ref data, batch, schema, problems, map ?? problems.Positional());
        }
    }

    private static void ReadSplitRows(ref Utf8JsonReader reader, InputBatch batch, InputSchema schema, Problems problems, int[] map)
    {
        Expect(ref reader, JsonTokenType.StartArray, "'dataframe_split.data' must be a list of rows.");
        var start = reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ReadPositionalRow(ref reader, batch, schema, problems, map, "dataframe_split.data");
        }

        // Columns in signature order and no value converted (a number or boolean sent for a category): the data
        // array as sent is what the inference log keeps, so it can be copied instead of written again.
        if (!problems.Converted && IsSignatureOrder(map))
        {
            batch.RowsJson = ((int)start, (int)(reader.TokenStartIndex + 1 - start));
        }
    }

    private static bool IsSignatureOrder(int[] map)
    {
        for (var i = 0; i < map.Length; i++)
        {
            if (map[i] != i)
            {
                return false;
            }
        }

        return true;
    }

    // A list of records ({"column": value}) or of positional rows ([v, ...]); a single-feature model also takes scalars.
    private static void ReadRowList(ref Utf8JsonReader reader, InputBatch batch, InputSchema schema, Problems problems, string format)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"'{format}' must be a list of rows.");
        int[]? positional = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    ReadRecord(ref reader, batch, schema, problems);
                    break;
                case JsonTokenType.StartArray:
                    ReadPositionalRow(ref reader, batch, schema, problems, positional ??= problems.Positional(), format);
                    break;
                default:
                    if (schema.Width != 1)
                    {
                        throw FormatError($"'{format}' holds a bare value; rows must be objects or lists for a model with {schema.Width} inputs.");
                    }

                    var row = batch.AddRow();
                    problems.Present(0);
                    ReadCell(ref reader, batch, schema, problems, row, 0);
                    break;
            }
        }
    }

    private static void ReadRecord(ref Utf8JsonReader reader, InputBatch batch, InputSchema schema, Problems problems)
    {
        var row = batch.AddRow();
        var name = NameBuffer;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var feature = problems.Column(Chars(ref reader, name));
            reader.Read();
            if (feature < 0)
            {
                reader.Skip();
                continue;
            }

            ReadCell(ref reader, batch, schema, problems, row, feature);
        }
    }

    private static void ReadPositionalRow(ref Utf8JsonReader reader, InputBatch batch, InputSchema schema, Problems problems, int[] map, string where)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ArgusException(ErrorCode.BadRequest, $"'{where}' must hold rows as lists.");
        }

        var row = batch.AddRow();
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var feature = count < map.Length ? map[count] : -1;
            count++;
            if (feature < 0)
            {
                reader.Skip();
                continue;
            }

            ReadCell(ref reader, batch, schema, problems, row, feature);
        }

        if (count != map.Length)
        {
            throw new ArgusException(ErrorCode.BadRequest, $"Row {row} of '{where}' has {count} values; {map.Length} columns are expected.");
        }
    }

    // {"column": [v, ...], ...}: every list the same length.
    private static void ReadColumns(ref Utf8JsonReader reader, InputBatch batch, InputSchema schema, Problems problems)
    {
        int? rows = null;
        var name = NameBuffer;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = Chars(ref reader, name).ToString();
            var feature = problems.Column(column);
            reader.Read();
            Expect(ref reader, JsonTokenType.StartArray, $"'inputs.{ErrorText.Shorten(column, ErrorText.MaxQuoted)}' must be a list of values.");
            var row = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (rows is null && row == batch.Rows)
                {
                    batch.AddRow();
                }
                else if (row >= batch.Rows)
                {
                    throw new ArgusException(ErrorCode.BadRequest, $"'inputs.{ErrorText.Shorten(column, ErrorText.MaxQuoted)}' has more values than the columns before it ({batch.Rows}).");
                }

                if (feature < 0)
                {
                    reader.Skip();
                }
                else
                {
                    ReadCell(ref reader, batch, schema, problems, row, feature);
                }

                row++;
            }

            if (rows is not null && row != rows)
            {
                throw new ArgusException(ErrorCode.BadRequest, $"'inputs.{ErrorText.Shorten(column, ErrorText.MaxQuoted)}' has {row} values; the columns before it have {rows}.");
            }

            rows = row;
        }
    }

    private static int[] ReadColumnNames(ref Utf8JsonReader reader, Problems problems)
    {
        Expect(ref reader, JsonTokenType.StartArray, "'dataframe_split.columns' must be a list of names.");
        var map = new List<int>();
        var name = NameBuffer;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new ArgusException(ErrorCode.BadRequest, "'dataframe_split.columns' must hold strings.");
            }

            map.Add(problems.Column(Chars(ref reader, name)));
        }

        return [.. map];
    }

    // The reader is on a value: store it in (row, feature), or record why it does not fit.
    private static void ReadCell(ref Utf8JsonReader reader, InputBatch batch, InputSchema schema, Problems problems, int row, int feature)
    {
        var categorical = schema.IsCategorical[feature];
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.Number:
                if (!(JsonNumber.TryParse(reader.ValueSpan, out var number) || reader.TryGetDouble(out number)) || !double.IsFinite(number))
                {
                    problems.Mistyped(feature, row, categorical ? "a string" : "a number", "a number out of range");
                }
                else if (categorical)
                {
                    problems.Converted = true;
                    SetCategory(batch, schema, row, feature, InputSchema.NumberAsCategory(number));
                }
                else
                {
                    batch.Set(row, feature, (float)number);
                }

                return;
            case JsonTokenType.String when categorical:
                Span<char> buffer = stackalloc char[128];
                var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                if (length <= buffer.Length)
                {
                    var written = reader.CopyString(buffer);
                    var code = schema.Code(feature, buffer[..written], out var unseen);
                    batch.Set(row, feature, code);
                    if (unseen)
                    {
                        batch.AddUnseen(row, feature, buffer[..written].ToString());
                    }
                }
                else
                {
                    SetCategory(batch, schema, row, feature, reader.GetString()!);
                }

                return;
            case JsonTokenType.True or JsonTokenType.False when categorical:
                problems.Converted = true;
                SetCategory(batch, schema, row, feature, reader.TokenType == JsonTokenType.True ? "True" : "False");
                return;
            case JsonTokenType.String:
                problems.Mistyped(feature, row, "a number", "a string");
                return;
            case JsonTokenType.True or JsonTokenType.False:
                problems.Mistyped(feature, row, "a number", "a boolean");
                return;
            default:
                problems.Mistyped(feature, row, categorical ? "a string" : "a number", reader.TokenType == JsonTokenType.StartArray ? "a list" : "an object");
                reader.Skip();
                return;
        }
    }

    private static void SetCategory(InputBatch batch, InputSchema schema, int row, int feature, string value)
    {
        var code = schema.Code(feature, value, out var unseen);
        batch.Set(row, feature, code);
        if (unseen)
        {
            batch.AddUnseen(row, feature, value);
        }
    }

    private static ReadOnlySpan<char> Chars(scoped ref Utf8JsonReader reader, Span<char> buffer)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        return length <= buffer.Length ? buffer[..reader.CopyString(buffer)] : reader.GetString().AsSpan();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (reader.TokenType != type)
        {
            throw new ArgusException(ErrorCode.BadRequest, message);
        }
    }

    private static ArgusException FormatError(string detail) => new(ErrorCode.BadRequest,
        $"{detail} The body must be a JSON object with exactly one of 'dataframe_split', 'dataframe_records', 'instances' or 'inputs' "
        + "(MLflow's scoring format since 2.0), or CSV with a header row (Content-Type: text/csv).");

    /// <summary>Every mismatch with the signature, collected so one reply names them all.</summary>
    private sealed class Problems(InputSchema schema)
    {
        private readonly bool[] _present = new bool[schema.Width];
        private SortedSet<string>? _unknown;
        private SortedDictionary<int, string>? _mistyped;

        /// <summary>Whether a value was converted on the way in (a number or boolean read as a category).</summary>
        public bool Converted { get; set; }

        public void Present(int feature) => _present[feature] = true;

        /// <summary>Resolves a column name: its feature index, or -1 when the model ignores it or does not know it.</summary>
        public int Column(ReadOnlySpan<char> name)
        {
            var feature = schema.Resolve(name);
            if (feature >= 0)
            {
                _present[feature] = true;
            }
            else if (feature == -2)
            {
                (_unknown ??= new SortedSet<string>(StringComparer.Ordinal)).Add(name.ToString());
            }

            return Math.Max(feature, -1);
        }

        /// <summary>The signature's order, for rows given as bare lists.</summary>
        public int[] Positional()
        {
            Array.Fill(_present, true);
            return [.. Enumerable.Range(0, schema.Width)];
        }

        public void Mistyped(int feature, int row, string expected, string actual) =>
            (_mistyped ??= []).TryAdd(feature, $"'{schema.Names[feature]}' must be {expected}, got {actual} in row {row}");

        public void ThrowIfAny(int rows)
        {
            if (rows > 0 && _unknown is null && _mistyped is null && Array.TrueForAll(_present, static p => p))
            {
                return;
            }

            var messages = new List<string>();
            var missing = Enumerable.Range(0, schema.Width).Where(f => !_present[f]).Select(f => schema.Names[f]).ToList();
            if (rows > 0 && missing.Count > 0)
            {
                messages.Add($"missing column{(missing.Count == 1 ? string.Empty : "s")}: {string.Join(", ", missing)}");
            }

            if (_unknown is not null)
            {
                messages.Add($"unknown column{(_unknown.Count == 1 ? string.Empty : "s")}: {ErrorText.List([.. _unknown.Select(u => ErrorText.Shorten(u, ErrorText.MaxQuoted))])}");
            }

            messages.AddRange(_mistyped?.Values ?? Enumerable.Empty<string>());
            if (messages.Count > 0)
            {
                throw new ArgusException(ErrorCode.BadRequest,
                    $"The input does not match the model's signature ({string.Join(", ", schema.Names)}): {string.Join("; ", messages)}.");
            }

            if (rows == 0)
            {
                throw new ArgusException(ErrorCode.BadRequest, "The input has no rows.");
            }
        }
    }
}
