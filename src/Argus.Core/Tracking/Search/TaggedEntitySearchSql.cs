using Argus.Core.Tracking.Sql;

namespace Argus.Core.Tracking.Search;

/// <summary>
/// What the translators for entities that have only attributes and tags (experiments, registered models,
/// model versions) share: an identifier is an attribute (bare, or typed <c>attribute</c>, <c>attributes</c>,
/// <c>attr</c>) or a tag (<c>tag</c>, <c>tags</c>); a tag condition is a subquery on the entity's tag table;
/// an order_by clause is parsed, checked by the entity and may name a column once. Runs, which also have
/// metrics, params and datasets, have their own translator.
/// </summary>
internal static class TaggedEntitySearchSql
{
    private static readonly Dictionary<string, bool> IsTagType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tag"] = true,
        ["tags"] = true,
        ["attribute"] = false,
        ["attributes"] = false,
        ["attr"] = false,
    };

    /// <summary>
    /// The SQL boolean expression for <paramref name="filter"/>, or null when it is null or blank;
    /// <paramref name="comparison"/> translates one comparison, given the context and the filter text.
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE, saying what is wrong and where.</exception>
    public static string? Where(
        string? filter, SqlParameters parameters, SqlDialect dialect, Func<SqlFilterContext, string, Comparison, string> comparison)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(dialect);
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var context = new SqlFilterContext(filter, parameters, dialect);
        return context.Translate(SearchParser.ParseFilter(filter), c => comparison(context, filter, c));
    }

    /// <summary>
    /// Whether <paramref name="id"/> names a tag rather than an attribute. An unknown type is an error in
    /// <paramref name="text"/> (a <paramref name="subject"/> from <see cref="SearchErrors"/>) that ends with
    /// <paramref name="hint"/>, e.g. "experiments have attributes and tags., e.g. name or tags.team".
    /// </summary>
    public static bool IsTag(SearchIdentifier id, string hint, string subject, string text) =>
        id.Type is not null
        && (IsTagType.TryGetValue(id.Type, out var isTag)
            ? isTag
            : throw SearchErrors.At(subject, text, $"unknown identifier type '{id.Type}' in '{id}' ({hint})", id.Position));

    /// <summary>Whether <paramref name="id"/> names an attribute: bare or with an attribute type (false for tags and unknown types).</summary>
    public static bool IsAttribute(SearchIdentifier id) =>
        id.Type is null || (IsTagType.TryGetValue(id.Type, out var isTag) && !isTag);

    /// <summary>
    /// A tag comparison (=, !=, LIKE, ILIKE with a quoted string): <paramref name="subquery"/>, which opens a
    /// subquery on the tag table <c>t</c> up to and including its WHERE (with any correlation and a trailing
    /// AND), then <c>t.key = @key AND t.value op @value)</c>. For registry entities, <paramref name="prompts"/>
    /// takes over a comparison on the prompt tag.
    /// </summary>
    public static string Tag(SqlFilterContext context, Comparison comparison, string subquery, RegistryPromptFilter? prompts = null)
    {
        var id = comparison.Identifier;
        var subject = $"tag '{id.Key}'";
        context.RequireOperator(comparison, ComparisonOperators.String, subject);
        var value = context.RequireString(comparison, subject);
        return prompts?.Tag(context, id.Key, comparison.Operator, value)
            ?? $"{subquery}t.key = {context.Parameters.Add(id.Key)} AND {context.Compare("t.value", comparison.Operator, value)})";
    }

    /// <summary>
    /// A comparison on one of the entity's own columns: an integer column with the numeric operators and a
    /// number, or a string column with =, !=, LIKE, ILIKE (and IN, NOT IN where it <paramref name="takesList"/>).
    /// </summary>
    public static string Attribute(SqlFilterContext context, Comparison comparison, string column, bool isNumeric, bool takesList)
    {
        var subject = $"attribute '{comparison.Identifier.Key}'";
        if (isNumeric)
        {
            context.RequireOperator(comparison, ComparisonOperators.Numeric, subject);
            return context.Compare(column, comparison.Operator, context.RequireNumber(comparison, subject).ForIntegerColumn());
        }

        context.RequireOperator(comparison, takesList ? ComparisonOperators.StringOrList : ComparisonOperators.String, subject);
        return context.CompareString(column, comparison, subject);
    }

    /// <summary>
    /// The ORDER BY terms for <paramref name="orderBy"/>, in order, and the columns they name.
    /// <paramref name="resolve"/> gives a parsed clause's column (which may appear once) and SQL term, or
    /// throws for a field the entity cannot be ordered by.
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for an empty, bad or repeated clause.</exception>
    public static (List<string> Terms, HashSet<string> Columns) OrderTerms(
        IReadOnlyList<string> orderBy, Func<OrderByTerm, string, (string Column, string Sql)> resolve)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        SearchParser.CheckOrderByCount(orderBy);
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
            var (column, sql) = resolve(term, clause);
            if (!seen.Add(column))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause, $"'{term.Identifier}' is already in order_by; each field may appear once", term.Identifier.Position);
            }

            terms.Add(sql);
        }

        return (terms, seen);
    }

    /// <summary>
    /// The ORDER BY list (without the words) for an entity ordered only by its own non-null columns:
    /// attributes named in <paramref name="columns"/> (key to column of <paramref name="alias"/>), then each
    /// of <paramref name="tiebreaks"/> whose column is not already named. A clause naming anything else is an
    /// error "<paramref name="orderable"/>, not by '…'".
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for an empty, bad or repeated clause.</exception>
    public static string ColumnOrderBy(
        IReadOnlyList<string> orderBy,
        string alias,
        IReadOnlyDictionary<string, string> columns,
        string orderable,
        params ReadOnlySpan<(string Column, bool Descending)> tiebreaks)
    {
        var (terms, seen) = OrderTerms(orderBy, (term, clause) =>
        {
            var id = term.Identifier;
            if (!IsAttribute(id) || !columns.TryGetValue(id.Key, out var column))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause, $"{orderable}, not by '{id}'", id.Position);
            }

            return (column, $"{alias}.{column} {SearchSqlFragments.Direction(term.Descending)}");
        });

        foreach (var (column, descending) in tiebreaks)
        {
            if (!seen.Contains(column))
            {
                terms.Add($"{alias}.{column} {SearchSqlFragments.Direction(descending)}");
            }
        }

        return string.Join(", ", terms);
    }
}
