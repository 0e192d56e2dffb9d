using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// Reads a reference CSV and a current CSV into a <see cref="ColumnTablePair"/> through Argus's CSV reader
/// (<see cref="TableLoader"/>), so the same missing markers and error messages apply.
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
    /// <summary>Reads two CSV files.</summary>
    public static ColumnTablePair Load(string referencePath, string currentPath, ColumnMapping? mapping = null, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(referencePath);
        ArgumentNullException.ThrowIfNull(currentPath);
        using var reference = Open(referencePath);
        using var current = Open(currentPath);
        return Read(reference, Path.GetFileName(referencePath), current, Path.GetFileName(currentPath), mapping, options);
    }

    /// <summary>Reads two CSV texts; the names are used in messages.</summary>
    public static ColumnTablePair Read(
        TextReader reference, string referenceName, TextReader current, string currentName, ColumnMapping? mapping = null, CsvOptions? options = null)
    {
        var referenceTable = TableLoader.Read(reference, referenceName, mapping, options);
        EnsureRows(referenceTable);
        // The reference's types, but no required features: a missing column is reported below with the extra ones.
        var currentSchema = referenceTable.Schema with { Features = [], TextFeatures = [] };
        var currentTable = TableLoader.Read(current, currentName, currentSchema, options);
        EnsureSameColumns(referenceTable, currentTable);
        EnsureRows(currentTable);
        return FromTables(referenceTable, currentTable);
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

        var schema = referenceTable.Schema;
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

    private static StreamReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgusException(ErrorCode.ResourceDoesNotExist, $"Data file '{path}' does not exist.");
        }

        return new StreamReader(path, detectEncodingFromByteOrderMarks: true);
    }

    private static void EnsureRows(Table table)
    {
        if (table.RowCount == 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"{table.Name} has a header but no data rows; drift needs data on both sides.");
        }
    }

    private static void EnsureSameColumns(Table reference, Table current)
    {
        var referenceNames = reference.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var currentNames = current.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var onlyReference = reference.Columns.Select(c => c.Name).Where(n => !currentNames.Contains(n)).ToList();
        var onlyCurrent = current.Columns.Select(c => c.Name).Where(n => !referenceNames.Contains(n)).ToList();
        if (onlyReference.Count == 0 && onlyCurrent.Count == 0)
        {
            return;
        }

        var problems = new List<string>();
        if (onlyReference.Count > 0)
        {
            problems.Add($"only in {reference.Name}: {string.Join(", ", onlyReference.Select(n => $"'{n}'"))}");
        }

        if (onlyCurrent.Count > 0)
        {
            problems.Add($"only in {current.Name}: {string.Join(", ", onlyCurrent.Select(n => $"'{n}'"))}");
        }

        throw new ArgusException(ErrorCode.InvalidParameterValue,
            $"Reference and current data must have the same columns; {string.Join("; ", problems)}.");
    }
}
