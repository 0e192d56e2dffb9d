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

    private static readonly Dictionary<string, bool> IsTagType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tag"] = true,
        ["tags"] = true,
        ["attribute"] = false,
        ["attributes"] = false,
        ["attr"] = false,
    };

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
    public static string? Where(string? filter, SqlParameters parameters, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(dialect);
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var context = new SqlFilterContext(filter, parameters, dialect);
        return context.Translate(SearchParser.ParseFilter(filter), c => Comparison(context, filter, c));
    }

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

        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in orderBy)
        {
            var clause = entry ?? "";
            if (string.IsNullOrWhiteSpace(clause))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause, "the clause is empty", 0);
            }

            var term = SearchParser.ParseOrderBy(clause);
            var id = term.Identifier;
            if (ResolveIsTag(id, SearchErrors.OrderBy, clause))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause,
                    "experiments can be ordered by name, experiment_id, creation_time and last_update_time, not by tags", id.Position);
            }

            var attribute = ResolveAttribute(id, SearchErrors.OrderBy, clause, forOrderBy: true);
            if (!seen.Add(attribute.Column))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause, $"'{id}' is already in order_by; each field may appear once", id.Position);
            }

            var column = "e." + attribute.Column;
            terms.Add(attribute.Nullable
                ? SearchSqlFragments.NullsLast(column, term.Descending)
                : $"{column} {SearchSqlFragments.Direction(term.Descending)}");
        }

        terms.Add(Tiebreak);
        return ("", string.Join(", ", terms));
    }

    private static string Comparison(SqlFilterContext context, string filter, Comparison comparison)
    {
        var id = comparison.Identifier;
        if (ResolveIsTag(id, SearchErrors.Filter, filter))
        {
            var subject = $"tag '{id.Key}'";
            context.RequireOperator(comparison, ComparisonOperators.String, subject);
            var value = context.RequireString(comparison, subject);
            return $"e.experiment_id IN (SELECT t.experiment_id FROM experiment_tags t WHERE t.key = {context.Parameters.Add(id.Key)}"
                + $" AND {context.Compare("t.value", comparison.Operator, value)})";
        }

        var attribute = ResolveAttribute(id, SearchErrors.Filter, filter, forOrderBy: false);
        var attributeSubject = $"attribute '{id.Key}'";
        var column = "e." + attribute.Column;
        if (attribute.IsNumeric)
        {
            context.RequireOperator(comparison, ComparisonOperators.Numeric, attributeSubject);
            return context.Compare(column, comparison.Operator, context.RequireNumber(comparison, attributeSubject).ForIntegerColumn());
        }

        context.RequireOperator(comparison, ComparisonOperators.String, attributeSubject);
        return context.Compare(column, comparison.Operator, context.RequireString(comparison, attributeSubject));
    }

    private static bool ResolveIsTag(SearchIdentifier id, string subject, string text) =>
        id.Type is not null
        && (IsTagType.TryGetValue(id.Type, out var isTag)
            ? isTag
            : throw SearchErrors.At(subject, text,
                $"unknown identifier type '{id.Type}' in '{id}' (experiments have attributes and tags., e.g. name or tags.team)", id.Position));

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
