namespace Argus.Core.Data;

/// <summary>
/// The resolved schema of a table: every column's type, the role columns and the model features.
/// <see cref="Features"/> holds the numerical and categorical features in the order the encoder uses;
/// text features are kept apart because they are not encoded for XGBoost.
/// </summary>
public sealed record DataSchema(
    IReadOnlyList<ColumnSchema> Columns,
    string? Target,
    string? Prediction,
    string? Id,
    string? Datetime,
    TaskType? Task,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> TextFeatures)
{
    /// <summary>The type of column <paramref name="name"/>; throws when there is no such column.</summary>
    public ColumnType TypeOf(string name)
    {
        foreach (var column in Columns)
        {
            if (string.Equals(column.Name, name, StringComparison.Ordinal))
            {
                return column.Type;
            }
        }

        throw new KeyNotFoundException($"No column '{name}' in the schema.");
    }
}
