namespace Argus.Core.Tracking.Search;

/// <summary>A parsed order_by clause, <c>&lt;identifier&gt; [ASC|DESC]</c>.</summary>
internal sealed record OrderByTerm(SearchIdentifier Identifier, bool Descending);
