namespace Argus.Core.Tracking.Search;

/// <summary>The kinds of token a search filter or order_by clause is made of.</summary>
internal enum SearchTokenKind
{
    /// <summary>An unquoted word: a keyword (AND, OR, LIKE…) or an identifier such as <c>metrics.rmse</c>.</summary>
    Word,

    /// <summary>A backtick-quoted name, e.g. <c>`f1 score`</c>.</summary>
    BacktickQuoted,

    /// <summary>A double-quoted text: a name on the left of an operator, a string value on the right.</summary>
    DoubleQuoted,

    /// <summary>A single-quoted string value.</summary>
    SingleQuoted,

    /// <summary>An unquoted number, e.g. <c>-1.5e3</c>.</summary>
    Number,

    /// <summary>One of <c>=</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</summary>
    Operator,

    LeftParen,

    RightParen,

    Comma,

    /// <summary>The end of the text; always the last token.</summary>
    End,
}
