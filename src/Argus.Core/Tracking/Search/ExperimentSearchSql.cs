using Argus.Core.Tracking.Sql;

namespace Argus.Core.Tracking.Search;

/// <summary>
/// Translates experiment search filters and order_by clauses into SQL over <c>experiments e</c>:
/// the attributes <c>name</c>, <c>creation_time</c>, <c>last_update_time</c> and <c>tags.&lt;key&gt;</c>.
/// </summary>
internal static class ExperimentSearchSql
{
    private const string DefaultOrder = "e.creation_time DESC, e.experiment_id DESC";

    private const string Tiebreak = "e.experiment_id DESC";

    private const string IdentifierHint = "experiments have attributes and tags., e.g. name or tags.team";

    private const string TagSubquery = "e.experiment_id IN (SELECT t.experiment_id FROM experiment_tags t WHERE ";

    private static readonly Dictionary<string, ExperimentAttribute> Attributes = new(StringComparer.Ordinal)
    {
        ["name"] = new("name", IsNumeric: false, Nullable: false, Filterable: true),
        ["creation_time"] = new("creation_time", IsNumeric: true, Nullable: true, Filterable: true),
        ["last_update_time"] = new("last_update_time", IsNumeric: true, Nullable: true, Filterable: true),
        ["experiment_id"] = new("experiment_id", IsNumeric: true, Nullable: false, Filterable: false),
    };

    /// <summary>
    /// The SQL boolean expression for <paramref name="filter"/> over <c>experiments e</c>, or null
    /// when the filter is null or blank.
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE, saying what is wrong and where.</exception>
    public static string? Where(string? filter, SqlParameters parameters, SqlDialect dialect) =>
        TaggedEntitySearchSql.Where(filter, parameters, dialect, Comparison);

    /// <summary>
    /// Joins (always "": experiments order only by their own columns) and the ORDER BY list without
    /// the words ORDER BY: <c>e.creation_time DESC, e.experiment_id DESC</c> for an empty list,
    /// otherwise the clauses followed by the tie-break <c>e.experiment_id DESC</c>.
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for a bad or repeated clause.</exception>
    public static (string Joins, string OrderBy) OrderBy(IReadOnlyList<string> orderBy, SqlParameters parameters, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(dialect);
        if (orderBy.Count == 0)
        {
            return ("", DefaultOrder);
        }

        var (terms, _) = TaggedEntitySearchSql.OrderTerms(orderBy, (term, clause) =>
        {
            var id = term.Identifier;
            if (TaggedEntitySearchSql.IsTag(id, IdentifierHint, SearchErrors.OrderBy, clause))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause,
                    "experiments can be ordered by name, experiment_id, creation_time and last_update_time, not by tags", id.Position);
            }

            var attribute = ResolveAttribute(id, SearchErrors.OrderBy, clause, forOrderBy: true);
            var column = "e." + attribute.Column;
            return (attribute.Column, attribute.Nullable
                ? SearchSqlFragments.NullsLast(column, term.Descending)
                : $"{column} {SearchSqlFragments.Direction(term.Descending)}");
        });

        terms.Add(Tiebreak);
        return ("", string.Join(", ", terms));
    }

    private static string Comparison(SqlFilterContext context, string filter, Comparison comparison)
    {
        var id = comparison.Identifier;
        if (TaggedEntitySearchSql.IsTag(id, IdentifierHint, SearchErrors.Filter, filter))
        {
            return TaggedEntitySearchSql.Tag(context, comparison, TagSubquery);
        }

        var attribute = ResolveAttribute(id, SearchErrors.Filter, filter, forOrderBy: false);
        return TaggedEntitySearchSql.Attribute(context, comparison, "e." + attribute.Column, attribute.IsNumeric, takesList: false);
    }

    private static ExperimentAttribute ResolveAttribute(SearchIdentifier id, string subject, string text, bool forOrderBy)
    {
        if (Attributes.TryGetValue(id.Key, out var attribute) && (forOrderBy || attribute.Filterable))
        {
            return attribute;
        }

        if (attribute is not null)
        {
            throw SearchErrors.At(subject, text, $"attribute '{id.Key}' can be used in order_by but not in a filter", id.Position);
        }

        var valid = forOrderBy ? "name, experiment_id, creation_time, last_update_time" : "name, creation_time, last_update_time, tags.<key>";
        throw SearchErrors.At(subject, text, $"unknown attribute '{id.Key}' (valid: {valid})", id.Position);
    }

    private sealed record ExperimentAttribute(string Column, bool IsNumeric, bool Nullable, bool Filterable);
}
