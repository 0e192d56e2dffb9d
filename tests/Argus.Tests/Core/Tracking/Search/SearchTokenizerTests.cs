using Argus.Core.Errors;
using Argus.Core.Tracking.Search;

namespace Argus.Tests.Core.Tracking.Search;

public sealed class SearchTokenizerTests
{
    [Fact]
    public void Tokenize_Comparison_ReturnsWordOperatorNumberEnd()
    {
        var tokens = SearchTokenizer.Tokenize("metrics.rmse <= 0.5", SearchErrors.Filter);

        Assert.Equal(
            [
                new SearchToken(SearchTokenKind.Word, "metrics.rmse", 0, 12),
                new SearchToken(SearchTokenKind.Operator, "<=", 13, 2),
                new SearchToken(SearchTokenKind.Number, "0.5", 16, 3),
                new SearchToken(SearchTokenKind.End, "", 19, 0),
            ],
            tokens);
    }

    [Fact]
    public void Tokenize_NoSpacesAroundOperators_SplitsTokens()
    {
        var tokens = SearchTokenizer.Tokenize("a>=-1 AND(b!='x')", SearchErrors.Filter);

        Assert.Equal(
            ["a", ">=", "-1", "AND", "(", "b", "!=", "x", ")", ""],
            tokens.Select(t => t.Text));
        Assert.Equal(SearchTokenKind.Number, tokens[2].Kind);
        Assert.Equal(SearchTokenKind.SingleQuoted, tokens[7].Kind);
    }

    [Theory]
    [InlineData("'it''s'", "SingleQuoted", "it's")]
    [InlineData("\"say \"\"hi\"\"\"", "DoubleQuoted", "say \"hi\"")]
    [InlineData("`a``b`", "BacktickQuoted", "a`b")]
    [InlineData("''", "SingleQuoted", "")]
    [InlineData("'AND ( ) , = \" `'", "SingleQuoted", "AND ( ) , = \" `")]
    [InlineData("'back\\slash'", "SingleQuoted", "back\\slash")]
    [InlineData("'ünïcödé ✓'", "SingleQuoted", "ünïcödé ✓")]
    public void Tokenize_QuotedText_UnquotesAndUnescapesDoubledQuotes(string text, string kind, string content)
    {
        var token = SearchTokenizer.Tokenize(text, SearchErrors.Filter)[0];

        Assert.Equal(Enum.Parse<SearchTokenKind>(kind), token.Kind);
        Assert.Equal(content, token.Text);
        Assert.Equal(text.Length, token.Length);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("42")]
    [InlineData("-3")]
    [InlineData("+3")]
    [InlineData("1.5")]
    [InlineData("-0.25")]
    [InlineData(".5")]
    [InlineData("-.5")]
    [InlineData("5.")]
    [InlineData("1e10")]
    [InlineData("1E-5")]
    [InlineData("-2.5e+3")]
    [InlineData("1700000000000")]
    public void Tokenize_Number_IsOneNumberToken(string text)
    {
        var tokens = SearchTokenizer.Tokenize(text, SearchErrors.Filter);

        Assert.Equal(2, tokens.Count);
        Assert.Equal(SearchTokenKind.Number, tokens[0].Kind);
        Assert.Equal(text, tokens[0].Text);
    }

    [Theory]
    [InlineData("=")]
    [InlineData("!=")]
    [InlineData("<")]
    [InlineData("<=")]
    [InlineData(">")]
    [InlineData(">=")]
    public void Tokenize_Operator_IsOneOperatorToken(string op)
    {
        var token = SearchTokenizer.Tokenize(op, SearchErrors.Filter)[0];

        Assert.Equal(new SearchToken(SearchTokenKind.Operator, op, 0, op.Length), token);
    }

    [Fact]
    public void Tokenize_DottedWord_IsOneWord()
    {
        var tokens = SearchTokenizer.Tokenize("metrics.a.b_c2", SearchErrors.Filter);

        Assert.Equal(new SearchToken(SearchTokenKind.Word, "metrics.a.b_c2", 0, 14), tokens[0]);
    }

    [Fact]
    public void Tokenize_Keywords_AreWordsRecognisedInAnyCase()
    {
        var tokens = SearchTokenizer.Tokenize("and Or nOt", SearchErrors.Filter);

        Assert.All(tokens.Take(3), t => Assert.Equal(SearchTokenKind.Word, t.Kind));
        Assert.True(tokens[0].IsKeyword("AND"));
        Assert.True(tokens[1].IsKeyword("OR"));
        Assert.True(tokens[2].IsKeyword("NOT"));
        Assert.False(tokens[0].IsKeyword("OR"));
    }

    [Fact]
    public void Tokenize_Blank_ReturnsOnlyEnd()
    {
        var tokens = SearchTokenizer.Tokenize("  \t ", SearchErrors.Filter);

        Assert.Equal([new SearchToken(SearchTokenKind.End, "", 4, 0)], tokens);
    }

    [Theory]
    [InlineData("tags.a = 'abc", "unterminated string: missing closing ' at position 9")]
    [InlineData("tags.a = \"abc", "unterminated string: missing closing \" at position 9")]
    [InlineData("metrics.`abc > 1", "unterminated name: missing closing ` at position 8")]
    [InlineData("a <> 1", "unknown operator '<>' (use =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) at position 2")]
    [InlineData("a == 1", "unknown operator '==' (use =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) at position 2")]
    [InlineData("a ! 1", "unknown operator '!' (use =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) at position 2")]
    [InlineData("a = 1; DROP TABLE runs", "unexpected character ';' (quote names with special characters in backticks, e.g. metrics.`my-metric`) at position 5")]
    [InlineData("tags.user-name = 'x'", "unexpected character '-' (quote names with special characters in backticks, e.g. metrics.`my-metric`) at position 9")]
    [InlineData("a = 1abc", "invalid number '1abc' at position 4")]
    [InlineData("a = 1e", "invalid number '1e' at position 4")]
    [InlineData("a = 1.2.3", "invalid number '1.2.3' at position 4")]
    [InlineData("a = 1e999", "number '1e999' is out of range at position 4")]
    public void Tokenize_InvalidText_ThrowsInvalidParameterWithPosition(string text, string expected)
    {
        var ex = Assert.Throws<ArgusException>(() => SearchTokenizer.Tokenize(text, SearchErrors.Filter));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Equal($"Invalid filter '{text}': {expected}", ex.Message);
    }

    [Fact]
    public void Tokenize_OrderBySubject_NamesTheClauseInErrors()
    {
        var ex = Assert.Throws<ArgusException>(() => SearchTokenizer.Tokenize("metrics.a;", SearchErrors.OrderBy));

        Assert.StartsWith("Invalid order_by clause 'metrics.a;': unexpected character ';'", ex.Message, StringComparison.Ordinal);
    }
}
