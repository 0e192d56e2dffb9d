using System.Globalization;

namespace Argus.Core.Errors;

/// <summary>
/// How error messages quote what a caller sent: a value at most <see cref="MaxQuoted"/> characters long, a list at
/// most <see cref="MaxListed"/> items long. A message then names what is wrong without echoing a huge input back, so a
/// request that fails cannot make the reply (or the log line) many times larger than itself.
/// </summary>
internal static class ErrorText
{
    /// <summary>The most characters of a value a message quotes.</summary>
    public const int MaxQuoted = 100;

    /// <summary>The most items of a list a message names.</summary>
    public const int MaxListed = 20;

    /// <summary><paramref name="value"/> in single quotes, cut to <see cref="MaxQuoted"/> characters with … when longer.</summary>
    public static string Quote(string? value) => "'" + Shorten(value ?? string.Empty, MaxQuoted) + "'";

    /// <summary>The first <see cref="MaxListed"/> items joined with <paramref name="separator"/>, then "… and N more".</summary>
    public static string List(IReadOnlyCollection<string> items, string separator = ", ")
    {
        ArgumentNullException.ThrowIfNull(items);
        var shown = string.Join(separator, items.Take(MaxListed));
        return items.Count <= MaxListed
            ? shown
            : shown + string.Create(CultureInfo.InvariantCulture, $"{separator}… and {items.Count - MaxListed} more");
    }

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters (not inside a surrogate pair) with … when longer.</summary>
    public static string Shorten(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return string.Concat(text.AsSpan(0, end), "…");
    }
}
