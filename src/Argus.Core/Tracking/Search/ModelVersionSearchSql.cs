using Argus.Core.Tracking.Sql;

namespace Argus.Core.Tracking.Search;

/// <summary>
/// Translates model-version search filters and order_by clauses into SQL over <c>model_versions v</c>:
/// <c>name</c>, <c>run_id</c> (also IN and NOT IN), <c>source_path</c> (the source URI) with =, !=, LIKE,
/// ILIKE; <c>version_number</c>, <c>creation_timestamp</c>, <c>last_updated_timestamp</c> with numeric
/// operators; <c>tags.&lt;key&gt;</c>. Versions of prompts are left out unless the filter asks for them.
/// </summary>
internal static class ModelVersionSearchSql
{
    /// <summary>MLflow's order when none is given.</summary>
    private const string DefaultOrder = "v.last_updated_time DESC, v.name ASC, v.version DESC";

    private static readonly Dictionary<string, bool> IsTagType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tag"] = true,
        ["tags"] = true,
        ["attribute"] = false,
        ["attributes"] = false,
        ["attr"] = false,
    };

    private static readonly Dictionary<string, VersionAttribute> Attributes = new(StringComparer.Ordinal)
    {
        ["name"] = new("name", IsNumeric: false, TakesList: false),
        ["run_id"] = new("run_id", IsNumeric: false, TakesList: true),
        ["source_path"] = new("source", IsNumeric: false, TakesList: false),
        ["version_number"] = new("version", IsNumeric: true, TakesList: false),
        ["creation_timestamp"] = new("creation_time", IsNumeric: true, TakesList: false),
        ["last_updated_timestamp"] = new("last_updated_time", IsNumeric: true, TakesList: false),
    };

    private static readonly Dictionary<string, string> OrderColumns = new(StringComparer.Ordinal)
    {
        ["name"] = "name",
        ["version_number"] = "version",
        ["creation_timestamp"] = "creation_time",
        ["last_updated_timestamp"] = "last_updated_time",
    };

    /// <summary>The SQL boolean expression for <paramref name="filter"/> over <c>model_versions v</c>, prompts excluded.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE, saying what is wrong and where.</exception>
    public static string Where(string? filter, SqlParameters parameters, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(dialect);
        var prompts = new RegistryPromptFilter("model_version_tags", "v.name");
        string? where = null;
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var context = new SqlFilterContext(filter, parameters, dialect);
            where = context.Translate(SearchParser.ParseFilter(filter), c => Comparison(context, filter, c, prompts));
        }

        return prompts.Combine(where, parameters);
    }

    /// <summary>
    /// The ORDER BY list (without the words): <c>last_updated_timestamp DESC, name ASC, version DESC</c> for an
    /// empty list, else the clauses followed by <c>name ASC</c> and <c>version DESC</c> where not already named.
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for a bad or repeated clause.</exception>
    public static string OrderBy(IReadOnlyList<string> orderBy)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        if (orderBy.Count == 0)
        {
            return DefaultOrder;
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
            if ((id.Type is not null && !(IsTagType.TryGetValue(id.Type, out var isTag) && !isTag)) || !OrderColumns.TryGetValue(id.Key, out var column))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause,
                    $"model versions can be ordered by name, version_number, creation_timestamp and last_updated_timestamp, not by '{id}'", id.Position);
            }

            if (!seen.Add(column))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause, $"'{id}' is already in order_by; each field may appear once", id.Position);
            }

            terms.Add($"v.{column} {SearchSqlFragments.Direction(term.Descending)}");
        }

        if (!seen.Contains("name"))
        {
            terms.Add("v.name ASC");
        }

        if (!seen.Contains("version"))
        {
            terms.Add("v.version DESC");
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
                ?? $"EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = v.name AND t.version = v.version AND t.key = {context.Parameters.Add(id.Key)}"
                + $" AND {context.Compare("t.value", comparison.Operator, value)})";
        }

        if (!Attributes.TryGetValue(id.Key, out var attribute))
        {
            throw context.Error(
                $"unknown attribute '{id.Key}' (valid: name, run_id, source_path, version_number, creation_timestamp, last_updated_timestamp, tags.<key>)",
                id.Position);
        }

        var attributeSubject = $"attribute '{id.Key}'";
        var column = "v." + attribute.Column;
        if (attribute.IsNumeric)
        {
            context.RequireOperator(comparison, ComparisonOperators.Numeric, attributeSubject);
            return context.Compare(column, comparison.Operator, context.RequireNumber(comparison, attributeSubject).ForIntegerColumn());
        }

        context.RequireOperator(comparison, attribute.TakesList ? ComparisonOperators.StringOrList : ComparisonOperators.String, attributeSubject);
        return context.CompareString(column, comparison, attributeSubject);
    }

    private static bool ResolveIsTag(SearchIdentifier id, string filter) =>
        id.Type is not null
        && (IsTagType.TryGetValue(id.Type, out var isTag)
            ? isTag
            : throw SearchErrors.At(SearchErrors.Filter, filter,
                $"unknown identifier type '{id.Type}' in '{id}' (model versions have attributes and tags., e.g. run_id or tags.stage)", id.Position));

    private sealed record VersionAttribute(string Column, bool IsNumeric, bool TakesList);
}
