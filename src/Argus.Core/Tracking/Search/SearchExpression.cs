namespace Argus.Core.Tracking.Search;

/// <summary>A node of a parsed filter: <see cref="OrExpression"/>, <see cref="AndExpression"/> or <see cref="Comparison"/>.</summary>
/// <param name="Position">Where the node starts in the filter, counting from 0.</param>
internal abstract record SearchExpression(int Position);
