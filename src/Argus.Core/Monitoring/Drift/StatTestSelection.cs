using Argus.Core.Data;
using Argus.Core.Monitoring.Stats;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// Evidently's automatic stat-test choice (<c>_get_default_stattest</c>, docs/reference/evidently.md §2.1), from the
/// column type, the reference size and the number of distinct values in reference ∪ current, both after dropping
/// missing values:
/// <list type="table">
/// <listheader><term>column</term><description>n_ref ≤ 1000 / n_ref &gt; 1000</description></listheader>
/// <item><term>text</term><description>perc_text_content_drift / abs_text_content_drift</description></item>
/// <item><term>num, ≤ 2 distinct</term><description>z / jensenshannon</description></item>
/// <item><term>num, 3–5 distinct</term><description>chisquare / jensenshannon</description></item>
/// <item><term>num, &gt; 5 distinct</term><description>ks / wasserstein</description></item>
/// <item><term>cat, ≤ 2 distinct</term><description>z / jensenshannon</description></item>
/// <item><term>cat, &gt; 2 distinct</term><description>chisquare / jensenshannon</description></item>
/// </list>
/// z and chisquare are applied to numerical columns as they are, although they are registered for categorical
/// columns only, exactly as Evidently does.
/// </summary>
public static class StatTestSelection
{
    /// <summary>The reference size up to which the "small data" tests are chosen.</summary>
    public const int SmallReferenceLimit = 1000;

    /// <summary>The name of the test Evidently chooses (text tests are returned by name even though not implemented).</summary>
    public static string DefaultName(ColumnType type, int referenceSize, int distinctCount)
    {
        var small = referenceSize <= SmallReferenceLimit;
        return type switch
        {
            ColumnType.Text => small ? "perc_text_content_drift" : "abs_text_content_drift",
            ColumnType.Numerical when !small => distinctCount <= 5 ? StatTests.JensenShannon.Name : StatTests.Wasserstein.Name,
            ColumnType.Numerical => distinctCount <= 2 ? StatTests.Z.Name : distinctCount <= 5 ? StatTests.ChiSquare.Name : StatTests.Ks.Name,
            ColumnType.Categorical when !small => StatTests.JensenShannon.Name,
            ColumnType.Categorical => distinctCount > 2 ? StatTests.ChiSquare.Name : StatTests.Z.Name,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only numerical, categorical and text columns are drift-tested."),
        };
    }
}
