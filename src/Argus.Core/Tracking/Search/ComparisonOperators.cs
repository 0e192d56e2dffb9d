namespace Argus.Core.Tracking.Search;

/// <summary>Text forms of <see cref="ComparisonOperator"/> and the sets each kind of identifier accepts.</summary>
internal static class ComparisonOperators
{
    /// <summary>What metrics and numeric attributes accept.</summary>
    public static IReadOnlyList<ComparisonOperator> Numeric { get; } =
    [
        ComparisonOperator.Equal, ComparisonOperator.NotEqual,
        ComparisonOperator.LessThan, ComparisonOperator.LessThanOrEqual,
        ComparisonOperator.GreaterThan, ComparisonOperator.GreaterThanOrEqual,
    ];

    /// <summary>What params, tags and plain string attributes accept.</summary>
    public static IReadOnlyList<ComparisonOperator> String { get; } =
    [
        ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.Like, ComparisonOperator.ILike,
    ];

    /// <summary>What string attributes that take lists accept.</summary>
    public static IReadOnlyList<ComparisonOperator> StringOrList { get; } =
    [
        ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.Like, ComparisonOperator.ILike,
        ComparisonOperator.In, ComparisonOperator.NotIn,
    ];

    /// <summary>The operator as a user writes it, e.g. <c>NOT IN</c>.</summary>
    public static string Display(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        ComparisonOperator.Like => "LIKE",
        ComparisonOperator.ILike => "ILIKE",
        ComparisonOperator.In => "IN",
        ComparisonOperator.NotIn => "NOT IN",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>The SQL comparison operator for the six scalar operators.</summary>
    public static string Sql(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "LIKE, ILIKE and IN have no single SQL operator"),
    };

    /// <summary>"=, !=, LIKE, ILIKE" for messages.</summary>
    public static string List(IReadOnlyList<ComparisonOperator> operators) => string.Join(", ", operators.Select(Display));
}
