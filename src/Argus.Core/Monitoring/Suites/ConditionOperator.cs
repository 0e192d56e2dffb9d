namespace Argus.Core.Monitoring.Suites;

/// <summary>The comparisons a metric test can make (Evidently's <c>eq, not_eq, gt, gte, lt, lte, is_in, not_in</c>).</summary>
public enum ConditionOperator
{
    Eq,
    NotEq,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    NotIn,
}
