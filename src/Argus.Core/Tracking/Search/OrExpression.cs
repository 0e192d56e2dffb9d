namespace Argus.Core.Tracking.Search;

/// <summary>True when any operand is true. Always has two or more operands.</summary>
internal sealed record OrExpression(IReadOnlyList<SearchExpression> Operands, int Position) : SearchExpression(Position);
