using System.Globalization;

namespace Argus.Core.Data;

/// <summary>
/// What <see cref="SchemaInference"/> needs to know about a column's cells to type it: counts of missing and present
/// cells, whether every present cell is an integer, a number, a boolean word or an ISO date, and distinct counts.
/// <see cref="Of"/> computes them from the cells; a streaming reader may gather them as it reads, and then needs
/// <see cref="DistinctIntegers"/> and <see cref="DistinctNumbers"/> only up to <see cref="DistinctCap"/> (the rules
/// compare them with 10 and 5), while <see cref="DistinctStrings"/> matters only for a column that is not all numbers.
/// </summary>
public readonly record struct ColumnFacts(
    int NonMissing, int Missing, bool AllInteger, bool AllNumber, bool AllBoolean, bool AllDate,
    int DistinctIntegers, int DistinctNumbers, int DistinctStrings)
{
    /// <summary>The largest distinct count of integers or numbers any inference rule looks at, plus one.</summary>
    public const int DistinctCap = SchemaInference.IntegerCardinalityLimit + 1;

    /// <summary>The facts of a column's cells (<see langword="null"/> = missing).</summary>
    public static ColumnFacts Of(ReadOnlySpan<string?> values)
    {
        int nonMissing = 0, missing = 0;
        bool allInteger = true, allNumber = true, allBoolean = true, allDate = true;
        var integers = new HashSet<long>();
        var numbers = new HashSet<double>();
        var strings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value is null)
            {
                missing++;
                continue;
            }

            nonMissing++;
            strings.Add(value);
            if (allInteger)
            {
                allInteger = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l);
                if (allInteger)
                {
                    integers.Add(l);
                }
            }

            if (allNumber)
            {
                allNumber = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d);
                if (allNumber)
                {
                    numbers.Add(d);
                }
            }

            allBoolean = allBoolean && IsBooleanWord(value);
            allDate = allDate && !allNumber && SchemaInference.IsIsoDate(value);
        }

        return new ColumnFacts(nonMissing, missing, allInteger, allNumber, allBoolean, allDate,
            integers.Count, numbers.Count, strings.Count);
    }

    /// <summary>True for the words pandas reads as booleans: True/False in title, lower or upper case.</summary>
    public static bool IsBooleanWord(ReadOnlySpan<char> text) =>
        text is "True" or "False" or "true" or "false" or "TRUE" or "FALSE";
}
