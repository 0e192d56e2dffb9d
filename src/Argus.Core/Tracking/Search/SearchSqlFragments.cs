namespace Argus.Core.Tracking.Search;

/// <summary>Fixed SQL fragments for ORDER BY lists.</summary>
internal static class SearchSqlFragments
{
    public static string Direction(bool descending) => descending ? "DESC" : "ASC";

    /// <summary>
    /// Sorts NULLs last in both directions. SQLite puts NULL first in ASC and PostgreSQL last, so
    /// neither's default can be relied on, and SQLite before 3.30 has no NULLS LAST.
    /// </summary>
    public static string NullsLast(string expression, bool descending) =>
        $"CASE WHEN {expression} IS NULL THEN 1 ELSE 0 END, {expression} {Direction(descending)}";
}
