namespace Argus.Core.Tracking.Search;

/// <summary>A parenthesised, non-empty list of strings and numbers, the value of IN and NOT IN.</summary>
internal sealed record ListValue(IReadOnlyList<SearchValue> Items, int Position) : SearchValue(Position);
