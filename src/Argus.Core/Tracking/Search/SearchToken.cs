namespace Argus.Core.Tracking.Search;

/// <summary>
/// One token of a search text. <see cref="Text"/> is the content with quotes removed and doubled
/// quotes unescaped; <see cref="Position"/> and <see cref="Length"/> locate the token in the source.
/// </summary>
internal readonly record struct SearchToken(SearchTokenKind Kind, string Text, int Position, int Length)
{
    public int EndPosition => Position + Length;

    /// <summary>True for an unquoted word equal to <paramref name="keyword"/>, ignoring case.</summary>
    public bool IsKeyword(string keyword) =>
        Kind == SearchTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
}
