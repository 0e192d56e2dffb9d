namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// A symmetric correlation matrix over <see cref="Columns"/>; <see cref="Values"/>[i][j] is the correlation of
/// column i with column j (NaN where undefined).
/// </summary>
public sealed record CorrelationMatrix(CorrelationKind Kind, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<double>> Values)
{
    /// <summary>The correlation of two named columns, or NaN when either is not in the matrix.</summary>
    public double Get(string a, string b)
    {
        var i = IndexOf(a);
        var j = IndexOf(b);
        return i < 0 || j < 0 ? double.NaN : Values[i][j];
    }

    /// <summary>The position of a column in the matrix, or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
