using Argus.Core.Data;

namespace Argus.Core.Monitoring.Quality;

/// <summary>The statistics of one column: <see cref="Numeric"/> for numeric storage, <see cref="Categorical"/> for codes.</summary>
public sealed record ColumnSummary(string Name, ColumnType Type, NumericColumnStats? Numeric, CategoricalColumnStats? Categorical);
