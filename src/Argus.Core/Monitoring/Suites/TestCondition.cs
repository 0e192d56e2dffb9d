using System.Text.Json.Serialization;

namespace Argus.Core.Monitoring.Suites;

/// <summary>
/// What a metric value must satisfy. A comparison names exactly one threshold: a literal <see cref="Value"/>, the same
/// metric in the reference (<see cref="FromReference"/>, Evidently's <c>Reference()</c>), or another metric of the
/// current data (<see cref="Metric"/>, e.g. a dummy baseline). <see cref="Relative"/> and <see cref="Absolute"/> turn
/// the threshold into an <see cref="ApproxValue"/> band; a reference threshold always is one (defaults 1e-6 / 1e-12,
/// as Evidently's <c>Reference()</c>). <see cref="ConditionOperator.In"/> and <see cref="ConditionOperator.NotIn"/>
/// take <see cref="Values"/> and compare exactly.
/// </summary>
public sealed record TestCondition
{
    public ConditionOperator Operator { get; init; }

    /// <summary>A literal threshold.</summary>
    public double? Value { get; init; }

    /// <summary>Compare with this metric's value in the reference data.</summary>
    public bool FromReference { get; init; }

    /// <summary>Compare with another metric of the current data, by path.</summary>
    public string? Metric { get; init; }

    /// <summary>The allowed (or forbidden) values of <c>in</c> / <c>not_in</c>.</summary>
    public IReadOnlyList<double>? Values { get; init; }

    /// <summary>Relative tolerance of the band (greater than zero).</summary>
    public double? Relative { get; init; }

    /// <summary>Absolute tolerance of the band (zero or more).</summary>
    public double? Absolute { get; init; }

    /// <summary>True when the threshold is a band rather than an exact number.</summary>
    [JsonIgnore]
    public bool IsApprox => FromReference || Relative is not null || Absolute is not null;

    /// <summary>A comparison with a literal threshold, exact unless a tolerance is given.</summary>
    public static TestCondition Compare(ConditionOperator op, double value, double? relative = null, double? absolute = null) =>
        new() { Operator = op, Value = value, Relative = relative, Absolute = absolute };

    /// <summary>A comparison with the metric's reference value, within ±relative (and/or ±absolute).</summary>
    public static TestCondition Reference(ConditionOperator op, double? relative = null, double? absolute = null) =>
        new() { Operator = op, FromReference = true, Relative = relative, Absolute = absolute };

    /// <summary>A comparison with another metric of the current data.</summary>
    public static TestCondition AgainstMetric(ConditionOperator op, string metric) => new() { Operator = op, Metric = metric };

    /// <summary>The value must be one of <paramref name="values"/>.</summary>
    public static TestCondition In(params double[] values) => new() { Operator = ConditionOperator.In, Values = values };

    /// <summary>The value must be none of <paramref name="values"/>.</summary>
    public static TestCondition NotIn(params double[] values) => new() { Operator = ConditionOperator.NotIn, Values = values };

    /// <summary>The condition as people read it: <c>&lt;= reference ±10%</c>, <c>&gt; 0.5</c>, <c>in [1, 2]</c>.</summary>
    public override string ToString()
    {
        var threshold = FromReference ? "reference"
            : Metric ?? (Value is { } v ? Format(v) : $"[{string.Join(", ", (Values ?? []).Select(Format))}]");
        var band = Relative is { } r ? $" ±{Format(r * 100)}%" : Absolute is { } a ? $" ±{Format(a)}" : string.Empty;
        return $"{Symbol(Operator)} {threshold}{band}";
    }

    /// <summary>The operator as written in descriptions (<c>&lt;=</c>, <c>in</c>).</summary>
    internal static string Symbol(ConditionOperator op) => op switch
    {
        ConditionOperator.Eq => "==",
        ConditionOperator.NotEq => "!=",
        ConditionOperator.Gt => ">",
        ConditionOperator.Gte => ">=",
        ConditionOperator.Lt => "<",
        ConditionOperator.Lte => "<=",
        ConditionOperator.In => "in",
        _ => "not in",
    };

    /// <summary>A threshold or value as descriptions write it (six significant digits).</summary>
    internal static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
