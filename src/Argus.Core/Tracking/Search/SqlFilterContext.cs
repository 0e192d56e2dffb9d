using Argus.Core.Errors;
using Argus.Core.Tracking.Sql;

namespace Argus.Core.Tracking.Search;

/// <summary>
/// What every entity's filter translator shares: walking AND/OR, checking that an operator and a
/// value fit an identifier, and writing comparisons whose values are always parameters. The
/// translator decides what an identifier means; this class only ever puts fixed fragments, column
/// expressions chosen by the translator, and parameter placeholders into SQL text.
/// </summary>
internal sealed class SqlFilterContext(string filter, SqlParameters parameters, SqlDialect dialect)
{
    /// <summary>
    /// The longest LIKE or ILIKE pattern, in characters. SQLite refuses patterns over 50,000 bytes ("pattern too
    /// complex"); 10,000 characters stay below that in UTF-8 whatever they are.
    /// </summary>
    public const int MaxLikePatternLength = 10_000;

    public SqlParameters Parameters => parameters;

    public SqlDialect Dialect => dialect;

    /// <summary>Translates a whole filter; AND and OR groups are always parenthesised.</summary>
    public string Translate(SearchExpression expression, Func<Comparison, string> comparison) => expression switch
    {
        Comparison c => comparison(c),
        AndExpression and => "(" + string.Join(" AND ", and.Operands.Select(o => Translate(o, comparison))) + ")",
        OrExpression or => "(" + string.Join(" OR ", or.Operands.Select(o => Translate(o, comparison))) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(expression), expression, "Unknown filter node"),
    };

    public ArgusException Error(string message, int position) => SearchErrors.At(SearchErrors.Filter, filter, message, position);

    /// <summary>Rejects an operator that <paramref name="subject"/> (e.g. "metric 'rmse'") does not support.</summary>
    public void RequireOperator(Comparison comparison, IReadOnlyList<ComparisonOperator> allowed, string subject)
    {
        if (!allowed.Contains(comparison.Operator))
        {
            throw Error(
                $"{subject} does not support {comparison.Operator.Display()} (it supports {ComparisonOperators.List(allowed)})",
                comparison.OperatorPosition);
        }
    }

    /// <summary>The value of a scalar comparison that must be a number.</summary>
    public NumberValue RequireNumber(Comparison comparison, string subject) => comparison.Value as NumberValue
        ?? throw Error($"{subject} must be compared with a number, e.g. 0.5 (numbers are not quoted)", comparison.Value.Position);

    /// <summary>The value of a scalar comparison that must be a quoted string (a LIKE pattern within <see cref="MaxLikePatternLength"/>).</summary>
    public string RequireString(Comparison comparison, string subject)
    {
        var value = RequireString(comparison.Value, subject);
        if (comparison.Operator is ComparisonOperator.Like or ComparisonOperator.ILike && value.Length > MaxLikePatternLength)
        {
            throw Error(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the {comparison.Operator.Display()} pattern is {value.Length} characters long; at most {MaxLikePatternLength} are allowed"),
                comparison.Value.Position);
        }

        return value;
    }

    /// <summary>
    /// <c>column op @p</c> for =, !=, &lt;, &lt;=, &gt;, &gt;=; the dialect's LIKE or ILIKE for those.
    /// </summary>
    public string Compare(string column, ComparisonOperator op, object value) => op switch
    {
        ComparisonOperator.Like => dialect.Like(column, parameters.Add(value)),
        ComparisonOperator.ILike => dialect.ILike(column, parameters.Add(value)),
        _ => $"{column} {op.Sql()} {parameters.Add(value)}",
    };

    /// <summary>
    /// A comparison of a string column with a quoted string, or with a list of them for IN and NOT IN.
    /// The caller has already checked the operator.
    /// </summary>
    public string CompareString(string column, Comparison comparison, string subject)
    {
        if (comparison.Value is not ListValue list)
        {
            return Compare(column, comparison.Operator, RequireString(comparison, subject));
        }

        var placeholders = list.Items.Select(item => parameters.Add(RequireString(item, subject)));
        var keyword = comparison.Operator == ComparisonOperator.NotIn ? "NOT IN" : "IN";
        return $"{column} {keyword} ({string.Join(", ", placeholders)})";
    }

    private string RequireString(SearchValue value, string subject) => value is StringValue s
        ? s.Value
        : throw Error($"{subject} must be compared with a quoted string, e.g. 'value'", value.Position);
}
