namespace Argus.Core.Data;

/// <summary>The type of a column, as Evidently names them.</summary>
public enum ColumnType
{
    Numerical,
    Categorical,
    Text,
    Datetime,
}
