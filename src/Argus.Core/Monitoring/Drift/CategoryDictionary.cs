namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// The labels of a categorical (or text) column and their codes, shared by the reference and current columns so
/// that a code means the same category on both sides. Codes are dense, assigned in first-seen order; −1 is missing.
/// </summary>
public sealed class CategoryDictionary
{
    private readonly List<string> _labels = [];
    private readonly Dictionary<string, int> _codes;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanCodes;

    public CategoryDictionary()
    {
        _codes = new Dictionary<string, int>(StringComparer.Ordinal);
        _spanCodes = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The number of labels.</summary>
    public int Count => _labels.Count;

    /// <summary>The labels, indexed by code.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The code of <paramref name="label"/>, adding it when new; −1 for <see langword="null"/> (missing).</summary>
    public int GetOrAdd(string? label)
    {
        if (label is null)
        {
            return -1;
        }

        if (!_codes.TryGetValue(label, out var code))
        {
            code = _labels.Count;
            _codes[label] = code;
            _labels.Add(label);
        }

        return code;
    }

    /// <summary>The code of <paramref name="label"/>, adding it when new; a label already known costs no allocation.</summary>
    public int GetOrAdd(ReadOnlySpan<char> label)
    {
        if (_spanCodes.TryGetValue(label, out var code))
        {
            return code;
        }

        var text = label.ToString();
        code = _labels.Count;
        _codes[text] = code;
        _labels.Add(text);
        return code;
    }

    /// <summary>Encodes <paramref name="values"/> (null = missing), adding new labels.</summary>
    public int[] Encode(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = GetOrAdd(values[i]);
        }

        return codes;
    }
}
