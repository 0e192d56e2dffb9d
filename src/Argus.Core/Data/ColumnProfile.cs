namespace Argus.Core.Data;

/// <summary>
/// Summary of one column. Numerical columns fill <see cref="Min"/>, <see cref="Max"/> and <see cref="Mean"/> (null
/// when every cell is missing); other types fill <see cref="DistinctCount"/> and <see cref="TopValues"/>.
/// </summary>
public sealed record ColumnProfile(
    string Name,
    ColumnType Type,
    long MissingCount,
    double? Min = null,
    double? Max = null,
    double? Mean = null,
    long? DistinctCount = null,
    IReadOnlyList<ValueCount>? TopValues = null);
