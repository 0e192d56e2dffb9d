using Argus.Core.Tracking.Sql;

namespace Argus.Core.Tracking.Search;

/// <summary>
/// Translates registered-model search filters and order_by clauses into SQL over
/// <c>registered_models m</c>: the attribute <c>name</c> (=, !=, LIKE, ILIKE) and <c>tags.&lt;key&gt;</c>.
/// As MLflow, models tagged <c>mlflow.prompt.is_prompt = 'true'</c> (prompts) are left out unless the
/// filter asks for them.
/// </summary>
internal static class RegisteredModelSearchSql
{
    private const string NameTiebreak = "m.name ASC";

    private static readonly Dictionary<string, bool> IsTagType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tag"] = true,
        ["tags"] = true,
        ["attribute"] = false,
        ["attributes"] = false,
        ["attr"] = false,
    };

    // order_by keys; "timestamp" is MLflow's short name for creation_timestamp.
    private static readonly Dictionary<string, string> OrderColumns = new(StringComparer.Ordinal)
    {
        ["name"] = "name",
        ["creation_timestamp"] = "creation_time",
        ["timestamp"] = "creation_time",
        ["last_updated_timestamp"] = "last_updated_time",
    };

    /// <summary>
    /// The SQL boolean expression for <paramref name="filter"/> over <c>registered_models m</c>, always
    /// including the exclusion of prompts unless the filter selects them.
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE, saying what is wrong and where.</exception>
    public static string Where(string? filter, SqlParameters parameters, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(dialect);
        var prompts = new RegistryPromptFilter("registered_model_tags", "m.name");
        string? where = null;
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var context = new SqlFilterContext(filter, parameters, dialect);
            where = context.Translate(SearchParser.ParseFilter(filter), c => Comparison(context, filter, c, prompts));
        }

        return prompts.Combine(where, parameters);
    }

    /// <summary>The ORDER BY list (without the words): the clauses, then <c>m.name ASC</c> unless name is among them.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for a bad or repeated clause.</exception>
    public static string OrderBy(IReadOnlyList<string> orderBy)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
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
            if ((id.Type is not null && !(IsTagType.TryGetValue(id.Type, out var isTag) && !isTag)) || !OrderColumns.TryGetValue(id.Key, out var column))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause,
                    $"registered models can be ordered by name, creation_timestamp (or timestamp) and last_updated_timestamp, not by '{id}'", id.Position);
            }

            if (!seen.Add(column))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause, $"'{id}' is already in order_by; each field may appear once", id.Position);
            }

            terms.Add($"m.{column} {SearchSqlFragments.Direction(term.Descending)}");
        }

        if (!seen.Contains("name"))
        {
            terms.Add(NameTiebreak);
        }

        return string.Join(", ", terms);
    }

    private static string Comparison(SqlFilterContext context, string filter, Comparison comparison, RegistryPromptFilter prompts)
    {
        var id = comparison.Identifier;
        if (ResolveIsTag(id, filter))
        {
            var subject = $"tag '{id.Key}'";
            context.RequireOperator(comparison, ComparisonOperators.String, subject);
            var value = context.RequireString(comparison, subject);
            return prompts.Tag(context, id.Key, comparison.Operator, value)
                ?? $"m.name IN (SELECT t.name FROM registered_model_tags t WHERE t.key = {context.Parameters.Add(id.Key)}"
                + $" AND {context.Compare("t.value", comparison.Operator, value)})";
        }

        if (id.Key != "name")
        {
            throw context.Error($"unknown attribute '{id.Key}' (registered models are filtered by name and tags.<key>)", id.Position);
        }

        var attributeSubject = "attribute 'name'";
        context.RequireOperator(comparison, ComparisonOperators.String, attributeSubject);
        return context.Compare("m.name", comparison.Operator, context.RequireString(comparison, attributeSubject));
    }

    private static bool ResolveIsTag(SearchIdentifier id, string filter) =>
        id.Type is not null
        && (IsTagType.TryGetValue(id.Type, out var isTag)
            ? isTag
            : throw SearchErrors.At(SearchErrors.Filter, filter,
                $"unknown identifier type '{id.Type}' in '{id}' (registered models have the attribute name and tags., e.g. tags.team)", id.Position));
}
