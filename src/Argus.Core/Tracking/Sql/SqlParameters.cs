using System.Buffers;
using Argus.Core.Errors;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// Collects the values of a statement under generated names (<c>@p0</c>, <c>@p1</c>…), so that SQL
/// text is built only from fixed fragments and user values are always parameters.
/// </summary>
internal sealed class SqlParameters
{
    // NUL and the surrogate range: text with either may not be storable (see StorableText).
    private static readonly SearchValues<char> Suspect = SearchValues.Create("\0" + string.Create(0xE000 - 0xD800, 0, static (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(0xD800 + i);
        }
    }));

    private readonly List<KeyValuePair<string, object?>> _values = [];

    public IReadOnlyList<KeyValuePair<string, object?>> Values => _values;

    /// <summary>Adds a value and returns its placeholder, e.g. <c>@p3</c>.</summary>
    public string Add(object? value)
    {
        var name = "@p" + _values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _values.Add(new(name, value));
        return name;
    }

    /// <summary>Binds every collected value to a command.</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE when a text value cannot be stored (<see cref="IsStorableText"/>).</exception>
    public void BindTo(System.Data.Common.DbCommand command)
    {
        foreach (var (name, value) in _values)
        {
            CheckStorable(value);
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
    }

    /// <summary>
    /// Whether both databases can take <paramref name="text"/> as it is: PostgreSQL refuses the NUL character in text,
    /// and UTF-8 has no form for an unpaired UTF-16 surrogate (Npgsql throws; SQLite would store U+FFFD instead). Such a
    /// value is refused the same way on every store, rather than failing inside one database.
    /// </summary>
    public static bool IsStorableText(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAny(Suspect);
        if (i < 0)
        {
            return true;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckStorable(object? value)
    {
        switch (value)
        {
            case string text when !IsStorableText(text):
                throw Unstorable();
            case string[] texts when !Array.TrueForAll(texts, t => t is null || IsStorableText(t)):
                throw Unstorable();
            default:
                return;
        }
    }

    private static ArgusException Unstorable() => ArgusException.InvalidParameter(
        "A text value holds a NUL character (U+0000) or an unpaired UTF-16 surrogate, which cannot be stored or searched for.");
}
