using System.Globalization;
using System.Text;
using Argus.Core.Errors;

namespace Argus.Core.Data;

/// <summary>
/// Reads a CSV file into a <see cref="Table"/>: records are streamed by <see cref="CsvReader"/>, cells matching
/// <see cref="MissingValues.Markers"/> become missing, the schema comes from <see cref="SchemaInference"/> (mapping
/// first) or is given, and numerical columns are parsed to <see cref="double"/>.
/// </summary>
public static class TableLoader
{
    /// <summary>Reads a file, inferring the schema under an optional mapping.</summary>
    public static Table Load(string path, ColumnMapping? mapping = null, CsvOptions? options = null)
    {
        using var reader = OpenFile(path);
        return Read(reader, Path.GetFileName(path), mapping, options);
    }

    /// <summary>Reads a file under a fixed schema (validation, serving): feature columns must be present.</summary>
    public static Table Load(string path, DataSchema schema, CsvOptions? options = null)
    {
        using var reader = OpenFile(path);
        return Read(reader, Path.GetFileName(path), schema, options);
    }

    /// <summary>
    /// Reads a file to compare with <paramref name="reference"/> (drift, reports): under the reference's schema, so both
    /// are typed alike; a missing feature column is an error that says so.
    /// </summary>
    public static Table LoadLike(string path, Table reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        try
        {
            return Load(path, reference.Schema);
        }
        catch (ArgusException e)
        {
            throw new ArgusException(e.Code, $"{e.Message} (the current data must have the reference's columns, with the same types)", e);
        }
    }

    /// <summary>Reads CSV text, inferring the schema under an optional mapping.</summary>
    public static Table Read(TextReader reader, string sourceName, ColumnMapping? mapping = null, CsvOptions? options = null)
    {
        var (names, columns, lines) = ReadRaw(reader, sourceName, options);
        var schema = SchemaInference.Resolve(sourceName, names, columns, mapping);
        return Build(sourceName, names, columns, lines, schema);
    }

    /// <summary>
    /// Reads CSV text under a fixed schema. Every feature must be present; target, prediction, id and datetime may
    /// be absent; columns the schema does not know are typed by inference.
    /// </summary>
    public static Table Read(TextReader reader, string sourceName, DataSchema schema, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var (names, columns, lines) = ReadRaw(reader, sourceName, options);
        var present = new HashSet<string>(names, StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var feature in schema.Features.Concat(schema.TextFeatures))
        {
            if (!present.Contains(feature))
            {
                missing.Add(feature);
            }
        }

        if (missing.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"{sourceName} lacks the feature column(s) {ErrorText.List([.. missing.Select(ErrorText.Quote)])}.");
        }

        var known = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        foreach (var column in schema.Columns)
        {
            known[column.Name] = column.Type;
        }

        var typed = new ColumnSchema[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            typed[i] = new ColumnSchema(names[i], known.TryGetValue(names[i], out var type) ? type : SchemaInference.InferColumnType(columns[i]));
        }

        return Build(sourceName, names, columns, lines, schema with { Columns = typed });
    }

    private static StreamReader OpenFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ArgusException(ErrorCode.ResourceDoesNotExist, $"Data file '{path}' does not exist.");
        }

        return new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
    }

    private const int InternLimit = 4096;

    private static (IReadOnlyList<string> Names, List<string?[]> Columns, int[] Lines) ReadRaw(TextReader reader, string sourceName, CsvOptions? options)
    {
        var csv = new CsvReader(reader, sourceName, options);
        var width = csv.Header.Count;
        var builders = new List<string?>[width];
        for (var i = 0; i < width; i++)
        {
            builders[i] = [];
        }

        // Repeated cells of a low-cardinality column (categories, flags, small integers) share one string instance, so a
        // column of a million labels holds a handful of strings; a column past InternLimit distinct values stops trying.
        var interned = new HashSet<string>?[width];
        for (var i = 0; i < width; i++)
        {
            interned[i] = new HashSet<string>(StringComparer.Ordinal);
        }

        var lines = new List<int>();
        while (csv.TryRead(out var fields))
        {
            for (var i = 0; i < width; i++)
            {
                var field = fields[i];
                if (MissingValues.IsMissing(field))
                {
                    builders[i].Add(null);
                    continue;
                }

                if (interned[i] is { } pool)
                {
                    if (pool.TryGetValue(field, out var shared))
                    {
                        field = shared;
                    }
                    else if (pool.Count < InternLimit)
                    {
                        pool.Add(field);
                    }
                    else
                    {
                        interned[i] = null;
                    }
                }

                builders[i].Add(field);
            }

            lines.Add(csv.RecordLine);
        }

        var columns = new List<string?[]>(width);
        for (var i = 0; i < width; i++)
        {
            columns.Add([.. builders[i]]);
            builders[i] = [];
        }

        return (csv.Header, columns, [.. lines]);
    }

    private static Table Build(string sourceName, IReadOnlyList<string> names, List<string?[]> raw, int[] lines, DataSchema schema)
    {
        var columns = new TableColumn[names.Count];
        for (var c = 0; c < names.Count; c++)
        {
            var type = schema.Columns[c].Type;
            if (type != ColumnType.Numerical)
            {
                columns[c] = TableColumn.OfStrings(names[c], type, raw[c]);
                continue;
            }

            var cells = raw[c];
            var numbers = new double[cells.Length];
            for (var r = 0; r < cells.Length; r++)
            {
                var cell = cells[r];
                if (cell is null)
                {
                    numbers[r] = double.NaN;
                }
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[r]))
                {
                    throw new ArgusException(ErrorCode.InvalidParameterValue,
                        $"{sourceName} line {lines[r]}, column {c + 1} ({ErrorText.Quote(names[c])}): {ErrorText.Quote(cell)} is not a number");
                }
            }

            columns[c] = TableColumn.Numerical(names[c], numbers);
            raw[c] = [];
        }

        return new Table(sourceName, columns, schema, lines.Length, lines);
    }
}
