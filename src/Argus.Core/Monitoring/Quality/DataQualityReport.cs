namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// Computes a <see cref="DataQualityResult"/> (Evidently's DataQuality / DataSummary preset numerics). Columns are
/// matched between reference and current by name; a categorical column's new and unused labels are taken against the
/// reference column of the same name.
/// </summary>
public static class DataQualityReport
{
    public static DataQualityResult Compute(IReadOnlyList<QualityColumn> current, IReadOnlyList<QualityColumn>? reference = null, DataQualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DataQualityOptions();
        options.Validate();
        DatasetStatistics.RowCount(current);
        if (reference is not null)
        {
            DatasetStatistics.RowCount(reference);
        }

        var referenceByName = new Dictionary<string, QualityColumn>(StringComparer.Ordinal);
        foreach (var column in reference ?? [])
        {
            referenceByName[column.Name] = column;
        }

        var currentColumns = new ColumnSummary[current.Count];
        for (var c = 0; c < current.Count; c++)
        {
            var match = reference is null ? null : referenceByName.GetValueOrDefault(current[c].Name);
            currentColumns[c] = ColumnStatistics.Summarize(current[c], match, options.HistogramBins);
        }

        ColumnSummary[]? referenceColumns = null;
        if (reference is not null)
        {
            referenceColumns = new ColumnSummary[reference.Count];
            for (var c = 0; c < reference.Count; c++)
            {
                referenceColumns[c] = ColumnStatistics.Summarize(reference[c], null, options.HistogramBins);
            }
        }

        var currentStats = DatasetStatistics.Compute(current, currentColumns, options.AlmostDuplicatedThreshold, options.AlmostConstantThreshold);
        var referenceStats = reference is null
            ? null
            : DatasetStatistics.Compute(reference, referenceColumns, options.AlmostDuplicatedThreshold, options.AlmostConstantThreshold);
        var currentCorrelations = CorrelationMatrices.Compute(current, options.CorrelationKinds, currentColumns);
        var referenceCorrelations = reference is null ? null : CorrelationMatrices.Compute(reference, options.CorrelationKinds, referenceColumns);
        List<CorrelationChange>? changes = null;
        if (referenceCorrelations is not null)
        {
            changes = [];
            for (var i = 0; i < currentCorrelations.Count; i++)
            {
                changes.AddRange(CorrelationChanges.Top(referenceCorrelations[i], currentCorrelations[i], options.TopCorrelationChanges));
            }
        }

        return new DataQualityResult(currentStats, referenceStats, currentColumns, referenceColumns, currentCorrelations, referenceCorrelations, changes);
    }
}
