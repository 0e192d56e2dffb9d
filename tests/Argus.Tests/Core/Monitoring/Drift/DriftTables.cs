using Argus.Core.Monitoring.Drift;

namespace Argus.Tests.Core.Monitoring.Drift;

/// <summary>Builders for reference/current column pairs in tests.</summary>
internal static class DriftTables
{
    public static (DriftColumn Reference, DriftColumn Current) Num(string name, double[] reference, double[] current) =>
        (DriftColumn.Numerical(name, reference), DriftColumn.Numerical(name, current));

    public static (DriftColumn Reference, DriftColumn Current) Cat(string name, IReadOnlyList<string?> reference, IReadOnlyList<string?> current)
    {
        var categories = new CategoryDictionary();
        return (DriftColumn.Categorical(name, reference, categories), DriftColumn.Categorical(name, current, categories));
    }

    public static ColumnTablePair Pair(params (DriftColumn Reference, DriftColumn Current)[] columns) =>
        new(new ColumnTable("reference", [.. columns.Select(c => c.Reference)]), new ColumnTable("current", [.. columns.Select(c => c.Current)]));

    public static double[] Cycle(int length, params double[] values) => [.. Enumerable.Range(0, length).Select(i => values[i % values.Length])];

    public static string?[] Cycle(int length, params string?[] values) => [.. Enumerable.Range(0, length).Select(i => values[i % values.Length])];
}
