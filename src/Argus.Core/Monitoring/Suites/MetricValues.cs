namespace Argus.Core.Monitoring.Suites;

/// <summary>Ready-made <see cref="MetricLookup"/>s.</summary>
public static class MetricValues
{
    /// <summary>Looks values up in a dictionary.</summary>
    public static MetricLookup From(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue;
    }

    /// <summary>Looks in each lookup in turn (e.g. data-quality and regression values together).</summary>
    public static MetricLookup Combine(params MetricLookup[] lookups)
    {
        ArgumentNullException.ThrowIfNull(lookups);
        return (string path, out double value) =>
        {
            foreach (var lookup in lookups)
            {
                if (lookup(path, out value))
                {
                    return true;
                }
            }

            value = double.NaN;
            return false;
        };
    }
}
