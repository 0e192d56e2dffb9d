using System.Globalization;
using Argus.Core.Errors;

namespace Argus.Core.Tracking.Search;

/// <summary>Builds the one shape of search error: what text, what is wrong, and where.</summary>
internal static class SearchErrors
{
    public const string Filter = "filter";

    public const string OrderBy = "order_by clause";

    /// <summary>
    /// <c>Invalid filter 'metrics.rmse &lt;': expected a value after '&lt;' at position 14</c>; positions
    /// count characters from 0.
    /// </summary>
    public static ArgusException At(string subject, string text, string message, int position) =>
        ArgusException.InvalidParameter(string.Create(
            CultureInfo.InvariantCulture, $"Invalid {subject} '{text}': {message} at position {position}"));

    /// <summary>How a token reads in a message: its source text in quotes, or "the end".</summary>
    public static string Describe(string text, SearchToken token) =>
        token.Kind == SearchTokenKind.End ? "the end" : $"'{text.Substring(token.Position, token.Length)}'";
}
