using System.Collections.Frozen;

namespace Argus.Core.Data;

/// <summary>
/// The cell texts read as missing: the empty field, <c>NA</c>, <c>NaN</c> and <c>null</c>, compared exactly
/// (case-sensitive, no trimming). A quoted <c>"NA"</c> is missing too: quoting is not kept after parsing.
/// Numeric columns hold <see cref="double.NaN"/> for a missing cell, string columns hold <see langword="null"/>.
/// </summary>
public static class MissingValues
{
    /// <summary>The exact set of missing markers.</summary>
    public static FrozenSet<string> Markers { get; } = FrozenSet.Create(StringComparer.Ordinal, "", "NA", "NaN", "null");

    /// <summary>True when <paramref name="text"/> is one of the <see cref="Markers"/>.</summary>
    public static bool IsMissing(string text) => Markers.Contains(text);

    /// <summary>True when <paramref name="text"/> is one of the <see cref="Markers"/> (no allocation).</summary>
    public static bool IsMissing(ReadOnlySpan<char> text) => text.Length <= 4 && SpanLookup.Contains(text);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> SpanLookup = Markers.GetAlternateLookup<ReadOnlySpan<char>>();
}
