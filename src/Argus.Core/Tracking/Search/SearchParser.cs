namespace Argus.Core.Tracking.Search;

/// <summary>
/// Recursive-descent parser for MLflow's search filter grammar, extended with OR and parentheses:
/// <code>
/// filter     := or END
/// or         := and (OR and)*
/// and        := primary (AND primary)*
/// primary    := '(' or ')' | comparison
/// comparison := identifier operator value
/// identifier := word | word'.'`quoted` | word'."quoted"' | `quoted` | "quoted"
/// operator   := = | != | &lt; | &lt;= | &gt; | &gt;= | LIKE | ILIKE | IN | NOT IN
/// value      := 'string' | "string" | number | '(' scalar (',' scalar)* ')'   (lists only after IN / NOT IN)
/// </code>
/// AND binds tighter than OR; keywords are case-insensitive. The parser knows no entity: which
/// identifiers exist and which operators and values fit them is decided by the translators.
/// </summary>
internal sealed class SearchParser
{
    /// <summary>Deepest parenthesis nesting accepted, well below what the stack and the databases allow.</summary>
    public const int MaxNesting = 50;

    /// <summary>
    /// Most comparisons one filter may hold. A chain of N conditions becomes an SQL expression N deep, and SQLite refuses
    /// expressions deeper than 1,000; 500 leaves room for the nesting and the subquery each comparison becomes.
    /// </summary>
    public const int MaxComparisons = 500;

    /// <summary>
    /// Most values the IN and NOT IN lists of one filter may hold together. Each is an SQL parameter, and SQLite takes at
    /// most 32,766 in a statement (PostgreSQL 65,535).
    /// </summary>
    public const int MaxListValues = 10_000;

    /// <summary>Most order_by clauses a search may give: each may join a table, and SQLite joins at most 64.</summary>
    public const int MaxOrderByClauses = 32;

    private static readonly string[] Keywords = ["AND", "OR", "NOT", "IN", "LIKE", "ILIKE"];

    private readonly string _text;
    private readonly string _subject;
    private readonly IReadOnlyList<SearchToken> _tokens;
    private int _index;
    private int _depth;
    private int _comparisons;
    private int _listValues;

    private SearchParser(string text, string subject)
    {
        _text = text;
        _subject = subject;
        _tokens = SearchTokenizer.Tokenize(text, subject);
    }

    private SearchToken Current => _tokens[_index];

    /// <summary>Parses a filter such as <c>metrics.rmse &lt; 1 AND (tags.a = 'x' OR params.b LIKE 'y%')</c>.</summary>
    public static SearchExpression ParseFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parser = new SearchParser(filter, SearchErrors.Filter);
        if (parser.Current.Kind == SearchTokenKind.End)
        {
            throw parser.Error("the filter is empty", parser.Current.Position);
        }

        var expression = parser.ParseOr();
        var rest = parser.Current;
        if (rest.Kind == SearchTokenKind.RightParen)
        {
            throw parser.Error("')' has no matching '('", rest.Position);
        }

        if (rest.Kind != SearchTokenKind.End)
        {
            throw parser.Error($"expected AND or OR but found {parser.Describe(rest)}", rest.Position);
        }

        return expression;
    }

    /// <summary>Throws INVALID_PARAMETER_VALUE when a search gives more than <see cref="MaxOrderByClauses"/> order_by clauses.</summary>
    public static void CheckOrderByCount(IReadOnlyList<string> orderBy)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        if (orderBy.Count > MaxOrderByClauses)
        {
            throw Errors.ArgusException.InvalidParameter(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Invalid order_by: {orderBy.Count} clauses given; at most {MaxOrderByClauses} are allowed."));
        }
    }

    /// <summary>Parses an order_by clause such as <c>metrics.`f1 score` DESC</c>; ASC is the default.</summary>
    public static OrderByTerm ParseOrderBy(string clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var parser = new SearchParser(clause, SearchErrors.OrderBy);
        var identifier = parser.ParseIdentifier();
        var descending = false;
        var token = parser.Current;
        if (token.IsKeyword("ASC") || token.IsKeyword("DESC"))
        {
            descending = token.IsKeyword("DESC");
            parser._index++;
        }
        else if (token.Kind != SearchTokenKind.End)
        {
            throw parser.Error($"expected ASC or DESC after '{identifier}' but found {parser.Describe(token)}", token.Position);
        }

        token = parser.Current;
        if (token.Kind != SearchTokenKind.End)
        {
            throw parser.Error($"unexpected {parser.Describe(token)} after the sort direction", token.Position);
        }

        return new OrderByTerm(identifier, descending);
    }

    private SearchExpression ParseOr()
    {
        var first = ParseAnd();
        if (!Current.IsKeyword("OR"))
        {
            return first;
        }

        var operands = new List<SearchExpression> { first };
        while (Current.IsKeyword("OR"))
        {
            _index++;
            operands.Add(ParseAnd());
        }

        return new OrExpression(operands, first.Position);
    }

    private SearchExpression ParseAnd()
    {
        var first = ParsePrimary();
        if (!Current.IsKeyword("AND"))
        {
            return first;
        }

        var operands = new List<SearchExpression> { first };
        while (Current.IsKeyword("AND"))
        {
            _index++;
            operands.Add(ParsePrimary());
        }

        return new AndExpression(operands, first.Position);
    }

    private SearchExpression ParsePrimary()
    {
        var token = Current;
        if (token.Kind != SearchTokenKind.LeftParen)
        {
            return ParseComparison();
        }

        if (++_depth > MaxNesting)
        {
            throw Error($"parentheses are nested more than {MaxNesting} deep", token.Position);
        }

        _index++;
        if (Current.Kind == SearchTokenKind.RightParen)
        {
            throw Error("empty parentheses: expected a condition after '('", Current.Position);
        }

        var inner = ParseOr();
        var close = Current;
        if (close.Kind == SearchTokenKind.End)
        {
            throw Error("'(' is never closed", token.Position);
        }

        if (close.Kind != SearchTokenKind.RightParen)
        {
            throw Error($"expected AND, OR or ')' but found {Describe(close)}", close.Position);
        }

        _index++;
        _depth--;
        return inner;
    }

    private Comparison ParseComparison()
    {
        if (++_comparisons > MaxComparisons)
        {
            throw Error($"the filter holds more than {MaxComparisons} comparisons", Current.Position);
        }

        var identifier = ParseIdentifier();
        var (op, position) = ParseOperator(identifier);
        var value = op is ComparisonOperator.In or ComparisonOperator.NotIn ? ParseList(op) : ParseScalar(op, isListItem: false);
        return new Comparison(identifier, op, position, value);
    }

    private SearchIdentifier ParseIdentifier()
    {
        var token = Current;
        switch (token.Kind)
        {
            case SearchTokenKind.Word:
                break;
            case SearchTokenKind.BacktickQuoted or SearchTokenKind.DoubleQuoted:
                _index++;
                return token.Text.Length == 0
                    ? throw Error("empty name", token.Position)
                    : new SearchIdentifier(null, token.Text, token.Position);
            case SearchTokenKind.End:
                throw Error("expected an identifier such as metrics.rmse, params.lr or status", token.Position);
            default:
                throw Error($"expected an identifier such as metrics.rmse, params.lr or status but found {Describe(token)}", token.Position);
        }

        if (Array.Exists(Keywords, token.IsKeyword))
        {
            throw Error($"expected an identifier but found the keyword {token.Text.ToUpperInvariant()}", token.Position);
        }

        _index++;
        var word = token.Text;
        if (word.EndsWith('.'))
        {
            // metrics.`f1 score` or tags."user-name": the key is the quoted token right after the dot.
            var type = word[..^1];
            var quoted = Current;
            if (quoted.Kind is not (SearchTokenKind.BacktickQuoted or SearchTokenKind.DoubleQuoted) || quoted.Position != token.EndPosition)
            {
                throw Error($"expected a key right after '{word}'", token.EndPosition);
            }

            if (type.Contains('.', StringComparison.Ordinal))
            {
                throw Error($"'{word}' is not an identifier type: quote the whole key, e.g. metrics.`a.b`", token.Position);
            }

            if (quoted.Text.Length == 0)
            {
                throw Error($"empty key after '{word}'", quoted.Position);
            }

            _index++;
            return new SearchIdentifier(type, quoted.Text, token.Position);
        }

        var dot = word.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? new SearchIdentifier(null, word, token.Position)
            : new SearchIdentifier(word[..dot], word[(dot + 1)..], token.Position);
    }

    private (ComparisonOperator Operator, int Position) ParseOperator(SearchIdentifier identifier)
    {
        var token = Current;
        ComparisonOperator op;
        if (token.Kind == SearchTokenKind.Operator)
        {
            op = token.Text switch
            {
                "=" => ComparisonOperator.Equal,
                "!=" => ComparisonOperator.NotEqual,
                "<" => ComparisonOperator.LessThan,
                "<=" => ComparisonOperator.LessThanOrEqual,
                ">" => ComparisonOperator.GreaterThan,
                _ => ComparisonOperator.GreaterThanOrEqual,
            };
        }
        else if (token.IsKeyword("LIKE"))
        {
            op = ComparisonOperator.Like;
        }
        else if (token.IsKeyword("ILIKE"))
        {
            op = ComparisonOperator.ILike;
        }
        else if (token.IsKeyword("IN"))
        {
            op = ComparisonOperator.In;
        }
        else if (token.IsKeyword("NOT"))
        {
            _index++;
            if (!Current.IsKeyword("IN"))
            {
                throw Error($"expected IN after NOT but found {Describe(Current)} (NOT is only allowed in NOT IN)", Current.Position);
            }

            op = ComparisonOperator.NotIn;
        }
        else
        {
            var found = token.Kind == SearchTokenKind.End ? "" : $" but found {Describe(token)}";
            throw Error($"expected an operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after '{identifier}'{found}", token.Position);
        }

        _index++;
        return (op, token.Position);
    }

    private ListValue ParseList(ComparisonOperator op)
    {
        var open = Current;
        if (open.Kind != SearchTokenKind.LeftParen)
        {
            throw Error($"expected a parenthesised list of values after {op.Display()}, e.g. ('a', 'b'), but found {Describe(open)}", open.Position);
        }

        _index++;
        if (Current.Kind == SearchTokenKind.RightParen)
        {
            throw Error($"the list after {op.Display()} is empty", Current.Position);
        }

        var items = new List<SearchValue>();
        while (true)
        {
            if (++_listValues > MaxListValues)
            {
                throw Error($"the filter's lists hold more than {MaxListValues} values", Current.Position);
            }

            items.Add(ParseScalar(op, isListItem: true));
            var token = Current;
            if (token.Kind == SearchTokenKind.RightParen)
            {
                _index++;
                return new ListValue(items, open.Position);
            }

            if (token.Kind == SearchTokenKind.End)
            {
                throw Error($"the list after {op.Display()} is never closed: expected ')'", token.Position);
            }

            if (token.Kind != SearchTokenKind.Comma)
            {
                throw Error($"expected ',' or ')' in the list after {op.Display()} but found {Describe(token)}", token.Position);
            }

            _index++;
        }
    }

    private SearchValue ParseScalar(ComparisonOperator op, bool isListItem)
    {
        var token = Current;
        switch (token.Kind)
        {
            case SearchTokenKind.SingleQuoted or SearchTokenKind.DoubleQuoted:
                _index++;
                return new StringValue(token.Text, token.Position);
            case SearchTokenKind.Number:
                _index++;
                return new NumberValue(double.Parse(token.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), token.Text, token.Position);
            case SearchTokenKind.End:
                throw Error(isListItem ? $"expected a value in the list after {op.Display()}" : $"expected a value after '{op.Display()}'", token.Position);
            case SearchTokenKind.LeftParen when !isListItem:
                throw Error($"a list of values is only allowed after IN or NOT IN, not after '{op.Display()}'", token.Position);
            default:
                var hint = token.Kind == SearchTokenKind.Word ? " (strings must be quoted, e.g. 'FINISHED')" : "";
                throw Error($"expected a value (a quoted string or a number) but found {Describe(token)}{hint}", token.Position);
        }
    }

    private string Describe(SearchToken token) => SearchErrors.Describe(_text, token);

    private Errors.ArgusException Error(string message, int position) => SearchErrors.At(_subject, _text, message, position);
}
