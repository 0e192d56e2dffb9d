using Argus.Core.Errors;
using Argus.Core.Tracking.Search;

namespace Argus.Tests.Core.Tracking.Search;

public sealed class SearchParserTests
{
    [Theory]
    [InlineData("a = 1", "a = 1")]
    [InlineData("a = 1 AND b = 2", "(a = 1 AND b = 2)")]
    [InlineData("a = 1 OR b = 2", "(a = 1 OR b = 2)")]
    [InlineData("a = 1 OR b = 2 AND c = 3", "(a = 1 OR (b = 2 AND c = 3))")]
    [InlineData("a = 1 AND b = 2 OR c = 3", "((a = 1 AND b = 2) OR c = 3)")]
    [InlineData("a = 1 AND b = 2 OR c = 3 AND d = 4", "((a = 1 AND b = 2) OR (c = 3 AND d = 4))")]
    [InlineData("(a = 1 OR b = 2) AND c = 3", "((a = 1 OR b = 2) AND c = 3)")]
    [InlineData("a = 1 AND (b = 2 OR c = 3)", "(a = 1 AND (b = 2 OR c = 3))")]
    [InlineData("a = 1 OR b = 2 OR c = 3", "(a = 1 OR b = 2 OR c = 3)")]
    [InlineData("a = 1 AND b = 2 AND c = 3", "(a = 1 AND b = 2 AND c = 3)")]
    [InlineData("((a = 1))", "a = 1")]
    [InlineData("((a = 1 OR (b = 2)) AND ((c = 3) OR d = 4))", "((a = 1 OR b = 2) AND (c = 3 OR d = 4))")]
    public void ParseFilter_AndOrParentheses_FollowsPrecedence(string filter, string expected)
    {
        Assert.Equal(expected, Render(SearchParser.ParseFilter(filter)));
    }

    [Theory]
    [InlineData("a = 1 and b = 2 or c = 3")]
    [InlineData("a = 1 AnD b = 2 oR c = 3")]
    [InlineData("a = 1 AND b = 2 OR c = 3")]
    public void ParseFilter_KeywordsInAnyCase_ParseTheSame(string filter)
    {
        Assert.Equal("((a = 1 AND b = 2) OR c = 3)", Render(SearchParser.ParseFilter(filter)));
    }

    [Theory]
    [InlineData("a = 1", "Equal")]
    [InlineData("a != 1", "NotEqual")]
    [InlineData("a < 1", "LessThan")]
    [InlineData("a <= 1", "LessThanOrEqual")]
    [InlineData("a > 1", "GreaterThan")]
    [InlineData("a >= 1", "GreaterThanOrEqual")]
    [InlineData("a LIKE 'x'", "Like")]
    [InlineData("a like 'x'", "Like")]
    [InlineData("a ILIKE 'x'", "ILike")]
    [InlineData("a iLike 'x'", "ILike")]
    [InlineData("a IN ('x')", "In")]
    [InlineData("a in ('x')", "In")]
    [InlineData("a NOT IN ('x')", "NotIn")]
    [InlineData("a not in ('x')", "NotIn")]
    [InlineData("a Not   In ('x')", "NotIn")]
    public void ParseFilter_Operator_IsRecognised(string filter, string expected)
    {
        var comparison = Assert.IsType<Comparison>(SearchParser.ParseFilter(filter));

        Assert.Equal(Enum.Parse<ComparisonOperator>(expected), comparison.Operator);
        Assert.Equal(2, comparison.OperatorPosition);
    }

    [Theory]
    [InlineData("metrics.rmse < 1", "metrics", "rmse")]
    [InlineData("metrics.`f1 score` < 1", "metrics", "f1 score")]
    [InlineData("metrics.\"f1 score\" < 1", "metrics", "f1 score")]
    [InlineData("tags.\"user-name\" = 'x'", "tags", "user-name")]
    [InlineData("tags.`it``s` = 'x'", "tags", "it`s")]
    [InlineData("metrics.a.b < 1", "metrics", "a.b")]
    [InlineData("metrics.`a.b` < 1", "metrics", "a.b")]
    [InlineData("params._x1 = 'y'", "params", "_x1")]
    [InlineData("status = 'x'", null, "status")]
    [InlineData("`run name` = 'x'", null, "run name")]
    [InlineData("\"Run Name\" = 'x'", null, "Run Name")]
    [InlineData("attributes.`Run name` = 'x'", "attributes", "Run name")]
    [InlineData("Metrics.RMSE < 1", "Metrics", "RMSE")]
    public void ParseFilter_Identifier_SplitsTypeAndKey(string filter, string? type, string key)
    {
        var comparison = Assert.IsType<Comparison>(SearchParser.ParseFilter(filter));

        Assert.Equal(new SearchIdentifier(type, key, 0), comparison.Identifier);
    }

    [Theory]
    [InlineData("a = 'single'", "single")]
    [InlineData("a = \"double\"", "double")]
    [InlineData("a = 'it''s'", "it's")]
    [InlineData("a = ''", "")]
    [InlineData("a = 'x AND y = 1'", "x AND y = 1")]
    public void ParseFilter_QuotedValue_IsString(string filter, string expected)
    {
        var comparison = Assert.IsType<Comparison>(SearchParser.ParseFilter(filter));

        Assert.Equal(new StringValue(expected, 4), comparison.Value);
    }

    [Theory]
    [InlineData("a > 0.5", 0.5)]
    [InlineData("a > -1", -1.0)]
    [InlineData("a > 1e-3", 0.001)]
    [InlineData("a > -2.5E2", -250.0)]
    public void ParseFilter_UnquotedNumber_IsNumber(string filter, double expected)
    {
        var comparison = Assert.IsType<Comparison>(SearchParser.ParseFilter(filter));

        var number = Assert.IsType<NumberValue>(comparison.Value);
        Assert.Equal(expected, number.Value);
        Assert.Equal(filter[4..], number.Text);
    }

    [Fact]
    public void ParseFilter_InList_KeepsItemsInOrder()
    {
        var comparison = Assert.IsType<Comparison>(SearchParser.ParseFilter("run_id IN ('a', \"b\",'c''d', 4)"));

        var list = Assert.IsType<ListValue>(comparison.Value);
        Assert.Equal(10, list.Position);
        Assert.Equal(
            ["a", "b", "c'd", "4"],
            list.Items.Select(i => i switch { StringValue s => s.Value, NumberValue n => n.Text, _ => "?" }));
        Assert.IsType<NumberValue>(list.Items[3]);
    }

    [Fact]
    public void ParseFilter_SingleItemList_IsAList()
    {
        var comparison = Assert.IsType<Comparison>(SearchParser.ParseFilter("run_id NOT IN ('a')"));

        Assert.Equal(ComparisonOperator.NotIn, comparison.Operator);
        Assert.Single(Assert.IsType<ListValue>(comparison.Value).Items);
    }

    [Fact]
    public void ParseFilter_Positions_PointIntoTheFilter()
    {
        var and = Assert.IsType<AndExpression>(SearchParser.ParseFilter("a = 1 AND  tags.`x` LIKE 'y'"));

        var second = Assert.IsType<Comparison>(and.Operands[1]);
        Assert.Equal(11, second.Position);
        Assert.Equal(11, second.Identifier.Position);
        Assert.Equal(20, second.OperatorPosition);
        Assert.Equal(25, second.Value.Position);
    }

    [Fact]
    public void ParseFilter_FiftyNestedParentheses_Parses()
    {
        var filter = new string('(', SearchParser.MaxNesting) + "a = 1" + new string(')', SearchParser.MaxNesting);

        Assert.Equal("a = 1", Render(SearchParser.ParseFilter(filter)));
    }

    [Fact]
    public void ParseFilter_NestedTooDeep_Throws()
    {
        var depth = SearchParser.MaxNesting + 1;
        var filter = new string('(', depth) + "a = 1" + new string(')', depth);

        var ex = Assert.Throws<ArgusException>(() => SearchParser.ParseFilter(filter));

        Assert.EndsWith($": parentheses are nested more than 50 deep at position {SearchParser.MaxNesting}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the filter is empty at position 0")]
    [InlineData("   ", "the filter is empty at position 3")]
    [InlineData("metrics.rmse <", "expected a value after '<' at position 14")]
    [InlineData("metrics.rmse < AND b = 1", "expected a value (a quoted string or a number) but found 'AND' (strings must be quoted, e.g. 'FINISHED') at position 15")]
    [InlineData("status = FINISHED", "expected a value (a quoted string or a number) but found 'FINISHED' (strings must be quoted, e.g. 'FINISHED') at position 9")]
    [InlineData("status = `FINISHED`", "expected a value (a quoted string or a number) but found '`FINISHED`' at position 9")]
    [InlineData("a = 1 AND", "expected an identifier such as metrics.rmse, params.lr or status at position 9")]
    [InlineData("a = 1 OR", "expected an identifier such as metrics.rmse, params.lr or status at position 8")]
    [InlineData("= 1", "expected an identifier such as metrics.rmse, params.lr or status but found '=' at position 0")]
    [InlineData("'a' = 'b'", "expected an identifier such as metrics.rmse, params.lr or status but found ''a'' at position 0")]
    [InlineData("5 = a", "expected an identifier such as metrics.rmse, params.lr or status but found '5' at position 0")]
    [InlineData("AND a = 1", "expected an identifier but found the keyword AND at position 0")]
    [InlineData("a = 1 AND or b = 2", "expected an identifier but found the keyword OR at position 10")]
    [InlineData("a = 1 AND AND b = 2", "expected an identifier but found the keyword AND at position 10")]
    [InlineData("NOT a = 1", "expected an identifier but found the keyword NOT at position 0")]
    [InlineData("`` = 'x'", "empty name at position 0")]
    [InlineData("metrics.`` > 1", "empty key after 'metrics.' at position 8")]
    [InlineData("metrics. > 1", "expected a key right after 'metrics.' at position 8")]
    [InlineData("metrics. `x` > 1", "expected a key right after 'metrics.' at position 8")]
    [InlineData("metrics.a.`b` > 1", "'metrics.a.' is not an identifier type: quote the whole key, e.g. metrics.`a.b` at position 0")]
    [InlineData("metrics.rmse", "expected an operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after 'metrics.rmse' at position 12")]
    [InlineData("metrics.rmse 5", "expected an operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after 'metrics.rmse' but found '5' at position 13")]
    [InlineData("tags.a IS 'x'", "expected an operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after 'tags.a' but found 'IS' at position 7")]
    [InlineData("tags.a NOT LIKE 'x'", "expected IN after NOT but found 'LIKE' (NOT is only allowed in NOT IN) at position 11")]
    [InlineData("tags.a NOT", "expected IN after NOT but found the end (NOT is only allowed in NOT IN) at position 10")]
    [InlineData("run_id IN 'a'", "expected a parenthesised list of values after IN, e.g. ('a', 'b'), but found ''a'' at position 10")]
    [InlineData("run_id NOT IN", "expected a parenthesised list of values after NOT IN, e.g. ('a', 'b'), but found the end at position 13")]
    [InlineData("run_id IN ()", "the list after IN is empty at position 11")]
    [InlineData("run_id IN ('a'", "the list after IN is never closed: expected ')' at position 14")]
    [InlineData("run_id IN ('a',", "expected a value in the list after IN at position 15")]
    [InlineData("run_id IN ('a',)", "expected a value (a quoted string or a number) but found ')' at position 15")]
    [InlineData("run_id IN ('a' 'b')", "expected ',' or ')' in the list after IN but found ''b'' at position 15")]
    [InlineData("run_id IN (('a'))", "expected a value (a quoted string or a number) but found '(' at position 11")]
    [InlineData("run_id = ('a', 'b')", "a list of values is only allowed after IN or NOT IN, not after '=' at position 9")]
    [InlineData("a = 1)", "')' has no matching '(' at position 5")]
    [InlineData("a = 1 b = 2", "expected AND or OR but found 'b' at position 6")]
    [InlineData("a = 1 AND b = 2 c", "expected AND or OR but found 'c' at position 16")]
    [InlineData("()", "empty parentheses: expected a condition after '(' at position 1")]
    [InlineData("(a = 1", "'(' is never closed at position 0")]
    [InlineData("a = 1 AND (b = 2 OR (c = 3)", "'(' is never closed at position 10")]
    [InlineData("(a = 1 b = 2)", "expected AND, OR or ')' but found 'b' at position 7")]
    [InlineData("a = 1 ; b = 2", "unexpected character ';' (quote names with special characters in backticks, e.g. metrics.`my-metric`) at position 6")]
    public void ParseFilter_Invalid_ThrowsInvalidParameterSayingWhatAndWhere(string filter, string expected)
    {
        var ex = Assert.Throws<ArgusException>(() => SearchParser.ParseFilter(filter));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Equal($"Invalid filter '{filter}': {expected}", ex.Message);
    }

    [Theory]
    [InlineData("metrics.rmse", "metrics", "rmse", false)]
    [InlineData("metrics.rmse ASC", "metrics", "rmse", false)]
    [InlineData("metrics.rmse DESC", "metrics", "rmse", true)]
    [InlineData("metrics.rmse desc", "metrics", "rmse", true)]
    [InlineData("  params.`lr` Desc  ", "params", "lr", true)]
    [InlineData("attributes.start_time asc", "attributes", "start_time", false)]
    [InlineData("start_time DESC", null, "start_time", true)]
    [InlineData("`Run name`", null, "Run name", false)]
    [InlineData("tags.\"a b\" DESC", "tags", "a b", true)]
    public void ParseOrderBy_Clause_ReturnsIdentifierAndDirection(string clause, string? type, string key, bool descending)
    {
        var term = SearchParser.ParseOrderBy(clause);

        Assert.Equal(type, term.Identifier.Type);
        Assert.Equal(key, term.Identifier.Key);
        Assert.Equal(descending, term.Descending);
    }

    [Theory]
    [InlineData("", "expected an identifier such as metrics.rmse, params.lr or status at position 0")]
    [InlineData("metrics.rmse UP", "expected ASC or DESC after 'metrics.rmse' but found 'UP' at position 13")]
    [InlineData("metrics.rmse DESC ASC", "unexpected 'ASC' after the sort direction at position 18")]
    [InlineData("metrics.rmse, params.a", "expected ASC or DESC after 'metrics.rmse' but found ',' at position 12")]
    [InlineData("metrics.rmse = 1", "expected ASC or DESC after 'metrics.rmse' but found '=' at position 13")]
    public void ParseOrderBy_Invalid_ThrowsInvalidParameter(string clause, string expected)
    {
        var ex = Assert.Throws<ArgusException>(() => SearchParser.ParseOrderBy(clause));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Equal($"Invalid order_by clause '{clause}': {expected}", ex.Message);
    }

    [Fact]
    public void ParseFilter_AtMostMaxComparisons_ParsesOneMoreIsRefused()
    {
        var atLimit = string.Join(" OR ", Enumerable.Range(0, SearchParser.MaxComparisons).Select(i => $"a{i} = 1"));

        Assert.IsType<OrExpression>(SearchParser.ParseFilter(atLimit));
        var ex = Assert.Throws<ArgusException>(() => SearchParser.ParseFilter(atLimit + " OR b = 2"));
        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Contains("more than 500 comparisons", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFilter_ListsOverMaxListValuesTogether_Refused()
    {
        var half = string.Join(",", Enumerable.Range(0, SearchParser.MaxListValues / 2).Select(i => $"'{i}'"));

        SearchParser.ParseFilter($"a IN ({half}) AND b IN ({half})");
        var ex = Assert.Throws<ArgusException>(() => SearchParser.ParseFilter($"a IN ({half}) AND b IN ({half}, 'one more')"));
        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Contains("more than 10000 values", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOrderByCount_OverMaxOrderByClauses_Refused()
    {
        SearchParser.CheckOrderByCount([.. Enumerable.Range(0, SearchParser.MaxOrderByClauses).Select(i => $"metrics.m{i}")]);

        var ex = Assert.Throws<ArgusException>(() => SearchParser.CheckOrderByCount([.. Enumerable.Range(0, SearchParser.MaxOrderByClauses + 1).Select(i => $"metrics.m{i}")]));
        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Contains("at most 32", ex.Message, StringComparison.Ordinal);
    }

    // The filters are written with \ escapes and unescaped in the test: xUnit cannot carry a lone surrogate in test data.
    [Theory]
    [InlineData(@"params.a = 'x\u0000y'", 13)]
    [InlineData(@"params.`k\u0000` = 'x'", 9)]
    [InlineData(@"params.a = 'x\uD800'", 13)]
    [InlineData(@"params.a = 'x\uDC00\uD83D\uDE00'", 13)]
    public void ParseFilter_NulOrUnpairedSurrogate_RefusedWithItsPosition(string escaped, int position)
    {
        var filter = System.Text.RegularExpressions.Regex.Unescape(escaped);

        var ex = Assert.Throws<ArgusException>(() => SearchParser.ParseFilter(filter));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.EndsWith($"cannot be searched for at position {position}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFilter_PairedSurrogates_AreText()
    {
        var c = Assert.IsType<Comparison>(SearchParser.ParseFilter("params.a = 'x\U0001F600'"));

        Assert.Equal("x\U0001F600", Assert.IsType<StringValue>(c.Value).Value);
    }

    [Fact]
    public void ParseFilter_HugeInvalidFilter_MessageQuotesOnlyAnExcerpt()
    {
        var filter = "params.a = '" + new string('x', 1_000_000) + "' AND";

        var ex = Assert.Throws<ArgusException>(() => SearchParser.ParseFilter(filter));

        Assert.True(ex.Message.Length < 1000, $"The message is {ex.Message.Length} characters long.");
        Assert.Contains("…", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith($"at position {filter.Length}", ex.Message, StringComparison.Ordinal);
    }

    private static string Render(SearchExpression expression) => expression switch
    {
        OrExpression or => "(" + string.Join(" OR ", or.Operands.Select(Render)) + ")",
        AndExpression and => "(" + string.Join(" AND ", and.Operands.Select(Render)) + ")",
        Comparison c => $"{c.Identifier} {c.Operator.Display()} {Render(c.Value)}",
        _ => throw new ArgumentOutOfRangeException(nameof(expression)),
    };

    private static string Render(SearchValue value) => value switch
    {
        StringValue s => $"'{s.Value}'",
        NumberValue n => n.Text,
        ListValue l => "(" + string.Join(", ", l.Items.Select(Render)) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };
}
