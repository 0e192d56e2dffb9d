namespace Argus.Core.Tracking.Search;

/// <summary>
/// <c>identifier operator value</c>, e.g. <c>metrics.rmse &lt; 0.5</c>. The parser guarantees that
/// <see cref="Value"/> is a <see cref="ListValue"/> exactly when the operator is IN or NOT IN;
/// whether the operator and value fit the identifier is for the entity's translator to decide.
/// </summary>
internal sealed record Comparison(
    SearchIdentifier Identifier,
    ComparisonOperator Operator,
    int OperatorPosition,
    SearchValue Value)
    : SearchExpression(Identifier.Position);
