using System.Globalization;

namespace Argus.Core.Tracking.Search;

/// <summary>
/// Splits a search filter or order_by clause into tokens. It knows no entity and no keyword:
/// <c>AND</c> or <c>metrics.rmse</c> are both words, which the parser gives meaning to.
/// </summary>
internal static class SearchTokenizer
{
    /// <summary>Tokenizes <paramref name="text"/>; the list always ends with an <see cref="SearchTokenKind.End"/> token.</summary>
    /// <param name="text">The filter or clause.</param>
    /// <param name="subject">What the text is, for error messages (<see cref="SearchErrors.Filter"/>…).</param>
    public static IReadOnlyList<SearchToken> Tokenize(string text, string subject)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Sql.SqlParameters.IsStorableText(text))
        {
            var at = text.AsSpan().IndexOf('\0');
            throw SearchErrors.At(subject, text, "NUL characters and unpaired UTF-16 surrogates cannot be searched for", at >= 0 ? at : FirstUnpairedSurrogate(text));
        }

        var tokens = new List<SearchToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new(SearchTokenKind.End, "", text.Length, 0));
                return tokens;
            }

            var token = Read(text, subject, i);
            tokens.Add(token);
            i = token.EndPosition;
        }
    }

    private static SearchToken Read(string text, string subject, int start)
    {
        var c = text[start];
        switch (c)
        {
            case '(':
                return new(SearchTokenKind.LeftParen, "(", start, 1);
            case ')':
                return new(SearchTokenKind.RightParen, ")", start, 1);
            case ',':
                return new(SearchTokenKind.Comma, ",", start, 1);
            case '\'':
                return ReadQuoted(text, subject, start, SearchTokenKind.SingleQuoted);
            case '"':
                return ReadQuoted(text, subject, start, SearchTokenKind.DoubleQuoted);
            case '`':
                return ReadQuoted(text, subject, start, SearchTokenKind.BacktickQuoted);
            case '=' or '!' or '<' or '>':
                return ReadOperator(text, subject, start);
            default:
                break;
        }

        if (IsNumberStart(text, start))
        {
            return ReadNumber(text, subject, start);
        }

        if (char.IsLetter(c) || c == '_')
        {
            var end = start + 1;
            while (end < text.Length && IsWordPart(text[end]))
            {
                end++;
            }

            return new(SearchTokenKind.Word, text[start..end], start, end - start);
        }

        throw SearchErrors.At(subject, text,
            $"unexpected character '{c}' (quote names with special characters in backticks, e.g. metrics.`my-metric`)", start);
    }

    /// <summary>Reads a quoted text; the quote character written twice stands for itself.</summary>
    private static SearchToken ReadQuoted(string text, string subject, int start, SearchTokenKind kind)
    {
        var quote = text[start];
        var content = new System.Text.StringBuilder();
        var i = start + 1;
        while (i < text.Length)
        {
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    content.Append(quote);
                    i += 2;
                    continue;
                }

                return new(kind, content.ToString(), start, i + 1 - start);
            }

            content.Append(text[i]);
            i++;
        }

        var what = kind == SearchTokenKind.BacktickQuoted ? "name" : "string";
        throw SearchErrors.At(subject, text, $"unterminated {what}: missing closing {quote}", start);
    }

    private static SearchToken ReadOperator(string text, string subject, int start)
    {
        var end = start;
        while (end < text.Length && text[end] is '=' or '!' or '<' or '>')
        {
            end++;
        }

        var op = text[start..end];
        if (op is "=" or "!=" or "<" or "<=" or ">" or ">=")
        {
            return new(SearchTokenKind.Operator, op, start, op.Length);
        }

        throw SearchErrors.At(subject, text, $"unknown operator '{op}' (use =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)", start);
    }

    private static bool IsNumberStart(string text, int i)
    {
        if (text[i] is '+' or '-')
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
        }

        return i < text.Length && char.IsAsciiDigit(text[i]);
    }

    /// <summary>Reads <c>[+-]digits[.digits][(e|E)[+-]digits]</c> (digits on either side of the point).</summary>
    private static SearchToken ReadNumber(string text, string subject, int start)
    {
        var i = start;
        if (text[i] is '+' or '-')
        {
            i++;
        }

        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-')
            {
                j++;
            }

            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                i = j;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
        }

        var end = i;
        while (end < text.Length && IsWordPart(text[end]))
        {
            end++;
        }

        var raw = text[start..end];
        if (end != i || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw SearchErrors.At(subject, text, $"invalid number '{raw}'", start);
        }

        if (!double.IsFinite(value))
        {
            throw SearchErrors.At(subject, text, $"number '{raw}' is out of range", start);
        }

        return new(SearchTokenKind.Number, raw, start, end - start);
    }

    private static int FirstUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return 0;
    }

    // Unquoted names may contain dots (metrics.a.b has the key "a.b"); anything else needs quotes.
    private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '.';
}
