using System.Globalization;
using Argus.Core.Errors;

namespace Argus.Core.Tracking.Search;

/// <summary>Builds the one shape of search error: what text, what is wrong, and where.</summary>
internal static class SearchErrors
{
    public const string Filter = "filter";

    public const string OrderBy = "order_by clause";

    /// <summary>The longest filter quoted whole in a message; a longer one is quoted around the position at fault.</summary>
    internal const int MaxQuoted = 200;

    /// <summary>The longest explanation kept whole (it may quote a key or value, which may be long).</summary>
    internal const int MaxExplanation = 500;

    /// <summary>
    /// <c>Invalid filter 'metrics.rmse &lt;': expected a value after '&lt;' at position 14</c>; positions
    /// count characters from 0. A long text is quoted in part, so an error never echoes a megabyte back.
    /// </summary>
    public static ArgusException At(string subject, string text, string message, int position) =>
        ArgusException.InvalidParameter(string.Create(
            CultureInfo.InvariantCulture, $"Invalid {subject} '{Excerpt(text, position)}': {Shorten(message, MaxExplanation)} at position {position}"));

    /// <summary>How a token reads in a message: its source text in quotes, or "the end".</summary>
    public static string Describe(string text, SearchToken token) =>
        token.Kind == SearchTokenKind.End ? "the end" : $"'{Shorten(text.Substring(token.Position, token.Length), MaxQuoted / 2)}'";

    /// <summary><paramref name="text"/> whole when short, else <see cref="MaxQuoted"/> characters around <paramref name="position"/> marked with ….</summary>
    internal static string Excerpt(string text, int position)
    {
        if (text.Length <= MaxQuoted)
        {
            return text;
        }

        var start = Math.Clamp(position - (MaxQuoted / 2), 0, text.Length - MaxQuoted);
        var end = start + MaxQuoted;
        if (start > 0 && char.IsLowSurrogate(text[start]))
        {
            start++;
        }

        if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return (start > 0 ? "…" : string.Empty) + text[start..end] + (end < text.Length ? "…" : string.Empty);
    }

    private static string Shorten(string text, int max) =>
        text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)] + "…";
}
