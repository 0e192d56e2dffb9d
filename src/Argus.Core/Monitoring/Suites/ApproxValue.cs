namespace Argus.Core.Monitoring.Suites;

/// <summary>
/// A value with a tolerance band, as Evidently's <c>ApproxValue</c> (pytest.approx semantics): tolerance =
/// max(|value|·relative, absolute), defaults 1e-6 and 1e-12. Comparisons treat the band as a whole: equal means inside
/// it (edges included), greater means above its top, greater-or-equal means at or above its bottom.
/// </summary>
public readonly record struct ApproxValue(double Value, double Relative = ApproxValue.DefaultRelative, double Absolute = ApproxValue.DefaultAbsolute)
{
    /// <summary>pytest's and Evidently's default relative tolerance.</summary>
    public const double DefaultRelative = 1e-6;

    /// <summary>pytest's and Evidently's default absolute tolerance.</summary>
    public const double DefaultAbsolute = 1e-12;

    /// <summary>The half-width of the band.</summary>
    public double Tolerance => Math.Max(Math.Abs(Value) * Relative, Absolute);

    /// <summary>Whether <paramref name="actual"/> lies inside the band.</summary>
    public bool Contains(double actual) => Value - Tolerance <= actual && actual <= Value + Tolerance;

    /// <summary>Evaluates <c>actual OP this</c> as Python does when the right side is an <c>ApproxValue</c>. NaN never passes (but is "not equal").</summary>
    public bool Check(ConditionOperator op, double actual) => op switch
    {
        ConditionOperator.Eq => Contains(actual),
        ConditionOperator.NotEq => !Contains(actual),
        ConditionOperator.Gt => actual > Value + Tolerance,
        ConditionOperator.Gte => actual >= Value - Tolerance,
        ConditionOperator.Lt => actual < Value - Tolerance,
        ConditionOperator.Lte => actual <= Value + Tolerance,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "A band compares with eq, not_eq, gt, gte, lt or lte."),
    };
}
