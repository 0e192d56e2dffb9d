namespace Argus.Core.Data;

/// <summary>
/// A dense row-major matrix ready for XGBoost (<see cref="float.NaN"/> = missing), its feature names, the labels
/// when the table had the target, and how many categorical cells held a category unseen in training (encoded NaN).
/// </summary>
public sealed record EncodedData(
    float[] Features,
    int RowCount,
    IReadOnlyList<string> FeatureNames,
    float[]? Labels,
    long UnseenCount,
    IReadOnlyDictionary<string, long> UnseenByFeature)
{
    public int ColumnCount => FeatureNames.Count;

    /// <summary>The rows at <paramref name="rows"/>, in that order (e.g. one part of a <see cref="DataSplit"/>).</summary>
    public EncodedData Take(ReadOnlySpan<int> rows)
    {
        var width = ColumnCount;
        var features = new float[rows.Length * width];
        var labels = Labels is null ? null : new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            Features.AsSpan(rows[i] * width, width).CopyTo(features.AsSpan(i * width, width));
            if (labels is not null)
            {
                labels[i] = Labels![rows[i]];
            }
        }

        return this with { Features = features, RowCount = rows.Length, Labels = labels };
    }
}
