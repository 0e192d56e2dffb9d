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
    private const string IdentifierHint = "registered models have the attribute name and tags., e.g. tags.team";

    private const string TagSubquery = "m.name IN (SELECT t.name FROM registered_model_tags t WHERE ";

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
        var prompts = new RegistryPromptFilter("registered_model_tags", "m.name");
        var where = TaggedEntitySearchSql.Where(filter, parameters, dialect, (context, text, c) => Comparison(context, text, c, prompts));
        return prompts.Combine(where, parameters);
    }

    /// <summary>The ORDER BY list (without the words): the clauses, then <c>m.name ASC</c> unless name is among them.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for a bad or repeated clause.</exception>
    public static string OrderBy(IReadOnlyList<string> orderBy) =>
        TaggedEntitySearchSql.ColumnOrderBy(
            orderBy,
            "m",
            OrderColumns,
            "registered models can be ordered by name, creation_timestamp (or timestamp) and last_updated_timestamp",
            ("name", false));

    private static string Comparison(SqlFilterContext context, string filter, Comparison comparison, RegistryPromptFilter prompts)
    {
        var id = comparison.Identifier;
        if (TaggedEntitySearchSql.IsTag(id, IdentifierHint, SearchErrors.Filter, filter))
        {
            return TaggedEntitySearchSql.Tag(context, comparison, TagSubquery, prompts);
        }

        if (id.Key != "name")
        {
            throw context.Error($"unknown attribute '{id.Key}' (registered models are filtered by name and tags.<key>)", id.Position);
        }

        return TaggedEntitySearchSql.Attribute(context, comparison, "m.name", isNumeric: false, takesList: false);
    }
}
