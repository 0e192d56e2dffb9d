namespace Argus.Core.Data;

/// <summary>
/// How one feature is encoded: numerical as its value, categorical as the index of its value in
/// <see cref="Categories"/> (sorted in ordinal string order).
/// </summary>
public sealed record FeatureEncoding(string Name, ColumnType Type, IReadOnlyList<string>? Categories = null);
