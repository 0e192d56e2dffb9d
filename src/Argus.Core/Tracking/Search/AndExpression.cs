namespace Argus.Core.Tracking.Search;

/// <summary>True when every operand is true. Always has two or more operands.</summary>
internal sealed record AndExpression(IReadOnlyList<SearchExpression> Operands, int Position) : SearchExpression(Position);
