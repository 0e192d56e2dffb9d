using System.Text;
using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// Reads a reference CSV and a current CSV into a <see cref="ColumnTablePair"/> with Argus's CSV reader
/// (<see cref="CsvReader"/>) and missing markers, both files at once and each in one pass: every column is typed as it
/// is read (<see cref="StreamingColumn"/>) and kept in a temporary file, not in memory, so the memory a drift report
/// needs does not grow with the number of columns (<see cref="DriftColumn"/>).
/// <para>Which columns are compared, and as what:</para>
/// <list type="bullet">
/// <item>The columns compared are the model features (numerical, categorical and text), the target and the
/// prediction — Evidently's legacy API includes target and prediction. Id and datetime columns are never drift-tested
/// (Evidently raises for any type but num, cat and text).</item>
/// <item>An explicit <see cref="ColumnMapping"/> wins: its numerical/categorical/text lists fix those columns' types
/// and a target is numerical for regression, categorical for classification (task given, or guessed as Evidently's
/// legacy API guesses it: a numeric target with ≥ 5 distinct values is regression).</item>
/// <item>Every other column is typed from the <em>reference</em> file by <see cref="SchemaInference"/>, which applies
/// Evidently's new-API rule (<c>infer_column_type</c>) to text cells as pandas would type them: a column whose
/// non-missing cells all parse as numbers is numerical, except that an integer column with no missing cell and at
/// most 10 distinct values is categorical (pandas int64, <c>INTEGER_CARDINALITY_LIMIT</c>); True/False columns are
/// categorical; ISO dates are datetime (not tested); other strings are text when more than half of the non-missing
/// cells are distinct, else categorical.</item>
/// <item>The current file is read under the reference's types (a non-number in a numerical column is an error naming
/// the line), and categorical and text columns of both files share one dictionary of labels.</item>
/// </list>
/// Empty files, files without data rows and files whose column names differ are rejected with an
/// <see cref="ArgusException"/>.
/// </summary>
public static class ColumnTableLoader
{
    /// <summary>Reads two CSV files, both at once.</summary>
    public static ColumnTablePair Load(string referencePath, string currentPath, ColumnMapping? mapping = null, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(referencePath);
        ArgumentNullException.ThrowIfNull(currentPath);
        using var reference = Open(referencePath);
        using var current = Open(currentPath);
        return Read(reference, Path.GetFileName(referencePath), current, Path.GetFileName(currentPath), mapping, options);
    }

    /// <summary>Reads two CSV texts, both at once; the names are used in messages.</summary>
    public static ColumnTablePair Read(
        TextReader reference, string referenceName, TextReader current, string currentName, ColumnMapping? mapping = null, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var currentTask = Task.Run(() => ReadSide(current, currentName, options));
        StreamedSide referenceSide;
        try
        {
            referenceSide = ReadSide(reference, referenceName, options);
        }
        catch (ArgusException)
        {
            // The reference's error comes first; the current side is still awaited so nothing runs on unobserved.
            try
            {
                currentTask.GetAwaiter().GetResult();
            }
            catch (ArgusException)
            {
            }

            throw;
        }

        var currentSide = currentTask.GetAwaiter().GetResult();
        EnsureRows(referenceName, referenceSide.Rows);
        EnsureSameColumns(referenceName, referenceSide.Names, currentName, currentSide.Names);
        EnsureRows(currentName, currentSide.Rows);

        var facts = referenceSide.Columns.Select(c => c.Facts()).ToList();
        var schema = SchemaInference.Resolve(referenceName, referenceSide.Names, facts, mapping);
        var compared = ComparedColumns(schema);
        var currentByName = currentSide.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var referenceColumns = new List<DriftColumn>();
        var currentColumns = new List<DriftColumn>();
        foreach (var column in referenceSide.Columns)
        {
            if (!compared.Contains(column.Name))
            {
                continue;
            }

            var other = currentByName[column.Name];
            var type = schema.Columns[column.Index].Type;
            if (type == ColumnType.Numerical)
            {
                referenceColumns.Add(DriftColumn.Spilled(column.Name, column.Numbers(referenceName)));
                currentColumns.Add(DriftColumn.Spilled(column.Name, other.Numbers(currentName)));
                continue;
            }

            // The reference's labels are the shared dictionary; the current's labels are mapped into it.
            var (referenceCodes, categories) = column.Codes();
            var (currentCodes, currentLabels) = other.Codes();
            var map = new int[currentLabels.Count];
            for (var code = 0; code < map.Length; code++)
            {
                map[code] = categories.GetOrAdd(currentLabels.Labels[code]);
            }

            referenceColumns.Add(DriftColumn.Spilled(column.Name, type, referenceCodes, null, categories));
            currentColumns.Add(DriftColumn.Spilled(column.Name, type, currentCodes, map, categories));
        }

        return new ColumnTablePair(new ColumnTable(referenceName, referenceColumns), new ColumnTable(currentName, currentColumns));
    }

    /// <summary>
    /// The compared columns of two tables already read (the current one typed like the reference): the reference's
    /// features, text features, target and prediction that the current table also has. Categorical and text columns of
    /// both share one dictionary of labels.
    /// </summary>
    public static ColumnTablePair FromTables(Table referenceTable, Table currentTable)
    {
        ArgumentNullException.ThrowIfNull(referenceTable);
        ArgumentNullException.ThrowIfNull(currentTable);
        var referenceName = referenceTable.Name;
        var currentName = currentTable.Name;

        var compared = ComparedColumns(referenceTable.Schema);
        var referenceColumns = new List<DriftColumn>();
        var currentColumns = new List<DriftColumn>();
        foreach (var column in referenceTable.Columns)
        {
            if (!compared.Contains(column.Name))
            {
                continue;
            }

            if (!currentTable.TryGetColumn(column.Name, out var other) || other.Type != column.Type)
            {
                continue;
            }

            switch (column.Type)
            {
                case ColumnType.Numerical:
                    referenceColumns.Add(DriftColumn.Numerical(column.Name, column.Numbers!));
                    currentColumns.Add(DriftColumn.Numerical(column.Name, other.Numbers!));
                    break;
                case ColumnType.Categorical:
                {
                    var categories = new CategoryDictionary();
                    referenceColumns.Add(DriftColumn.Categorical(column.Name, column.Strings!, categories));
                    currentColumns.Add(DriftColumn.Categorical(column.Name, other.Strings!, categories));
                    break;
                }

                case ColumnType.Text:
                {
                    var categories = new CategoryDictionary();
                    referenceColumns.Add(DriftColumn.Text(column.Name, column.Strings!, categories));
                    currentColumns.Add(DriftColumn.Text(column.Name, other.Strings!, categories));
                    break;
                }

                default:
                    break;
            }
        }

        return new ColumnTablePair(new ColumnTable(referenceName, referenceColumns), new ColumnTable(currentName, currentColumns));
    }

    private static HashSet<string> ComparedColumns(DataSchema schema)
    {
        var compared = new HashSet<string>(schema.Features, StringComparer.Ordinal);
        compared.UnionWith(schema.TextFeatures);
        if (schema.Target is not null)
        {
            compared.Add(schema.Target);
        }

        if (schema.Prediction is not null)
        {
            compared.Add(schema.Prediction);
        }

        return compared;
    }

    private sealed record StreamedSide(IReadOnlyList<string> Names, IReadOnlyList<StreamingColumn> Columns, int Rows);

    // One pass over the file: every cell goes to its column's spill, and the columns gather their type facts.
    private static StreamedSide ReadSide(TextReader reader, string sourceName, CsvOptions? options)
    {
        var csv = new CsvReader(reader, sourceName, options);
        var spill = ColumnSpill.Create();
        var columns = new StreamingColumn[csv.Header.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new StreamingColumn(csv.Header[i], i, spill);
        }

        var rows = 0;
        while (csv.TryReadRecord())
        {
            var line = csv.RecordLine;
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i].Add(csv.Field(i), line);
            }

            rows++;
        }

        foreach (var column in columns)
        {
            column.Complete();
        }

        return new StreamedSide(csv.Header, columns, rows);
    }

    private static StreamReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgusException(ErrorCode.ResourceDoesNotExist, $"Data file '{path}' does not exist.");
        }

        return new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true,
            new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
    }

    private static void EnsureRows(string name, int rows)
    {
        if (rows == 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"{name} has a header but no data rows; drift needs data on both sides.");
        }
    }

    private static void EnsureSameColumns(string referenceName, IReadOnlyList<string> reference, string currentName, IReadOnlyList<string> current)
    {
        var referenceNames = reference.ToHashSet(StringComparer.Ordinal);
        var currentNames = current.ToHashSet(StringComparer.Ordinal);
        var onlyReference = reference.Where(n => !currentNames.Contains(n)).ToList();
        var onlyCurrent = current.Where(n => !referenceNames.Contains(n)).ToList();
        if (onlyReference.Count == 0 && onlyCurrent.Count == 0)
        {
            return;
        }

        var problems = new List<string>();
        if (onlyReference.Count > 0)
        {
            problems.Add($"only in {referenceName}: {ErrorText.List([.. onlyReference.Select(ErrorText.Quote)])}");
        }

        if (onlyCurrent.Count > 0)
        {
            problems.Add($"only in {currentName}: {ErrorText.List([.. onlyCurrent.Select(ErrorText.Quote)])}");
        }

        throw new ArgusException(ErrorCode.InvalidParameterValue,
            $"Reference and current data must have the same columns; {string.Join("; ", problems)}.");
    }
}
