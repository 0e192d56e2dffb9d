using System.Globalization;
using Argus.Core.Data;

namespace Argus.Server.Serving;

/// <summary>
/// What a scoring request must look like: the model's features in encoder order, each numerical or categorical
/// with its training categories, and the columns a request may carry that the model ignores (the target, text
/// columns). Lookups take character spans, so a request's names and categories are matched without allocating.
/// </summary>
internal sealed class InputSchema
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _features;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>?[] _categories;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _ignored;

    public InputSchema(IReadOnlyList<FeatureEncoding> features, IEnumerable<string> ignoredColumns)
    {
        ArgumentNullException.ThrowIfNull(features);
        Width = features.Count;
        Names = features.Select(f => f.Name).ToArray();
        IsCategorical = features.Select(f => f.Type != ColumnType.Numerical).ToArray();
        Categories = features.Select(f => f.Categories ?? []).ToArray();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        _categories = new Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>?[Width];
        for (var i = 0; i < Width; i++)
        {
            byName[Names[i]] = i;
            if (IsCategorical[i])
            {
                var codes = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var c = 0; c < Categories[i].Count; c++)
                {
                    codes[Categories[i][c]] = c;
                }

                _categories[i] = codes.GetAlternateLookup<ReadOnlySpan<char>>();
            }
        }

        _features = byName.GetAlternateLookup<ReadOnlySpan<char>>();
        _ignored = new HashSet<string>(ignoredColumns.Where(c => !byName.ContainsKey(c)), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The number of features.</summary>
    public int Width { get; }

    public string[] Names { get; }

    public bool[] IsCategorical { get; }

    public IReadOnlyList<string>[] Categories { get; }

    /// <summary>The feature index of a column name; -1 for a column the model ignores; -2 for an unknown column.</summary>
    public int Resolve(ReadOnlySpan<char> column) =>
        _features.TryGetValue(column, out var index) ? index : _ignored.Contains(column) ? -1 : -2;

    /// <summary>The code of a category of feature <paramref name="feature"/>, NaN when training never saw it.</summary>
    public float Code(int feature, ReadOnlySpan<char> category, out bool unseen)
    {
        if (_categories[feature]!.Value.TryGetValue(category, out var code))
        {
            unseen = false;
            return code;
        }

        unseen = true;
        return float.NaN;
    }

    /// <summary>A category written as a number in a request ("2" for 2 or 2.0), as training read it from CSV text.</summary>
    public static string NumberAsCategory(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
