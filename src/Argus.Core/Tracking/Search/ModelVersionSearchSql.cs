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

    private const string IdentifierHint = "model versions have attributes and tags., e.g. run_id or tags.stage";

    private const string TagSubquery = "EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = v.name AND t.version = v.version AND ";

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
        var prompts = new RegistryPromptFilter("model_version_tags", "v.name");
        var where = TaggedEntitySearchSql.Where(filter, parameters, dialect, (context, text, c) => Comparison(context, text, c, prompts));
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
        return orderBy.Count == 0
            ? DefaultOrder
            : TaggedEntitySearchSql.ColumnOrderBy(
                orderBy,
                "v",
                OrderColumns,
                "model versions can be ordered by name, version_number, creation_timestamp and last_updated_timestamp",
                ("name", false),
                ("version", true));
    }

    private static string Comparison(SqlFilterContext context, string filter, Comparison comparison, RegistryPromptFilter prompts)
    {
        var id = comparison.Identifier;
        if (TaggedEntitySearchSql.IsTag(id, IdentifierHint, SearchErrors.Filter, filter))
        {
            return TaggedEntitySearchSql.Tag(context, comparison, TagSubquery, prompts);
        }

        if (!Attributes.TryGetValue(id.Key, out var attribute))
        {
            throw context.Error(
                $"unknown attribute '{id.Key}' (valid: name, run_id, source_path, version_number, creation_timestamp, last_updated_timestamp, tags.<key>)",
                id.Position);
        }

        return TaggedEntitySearchSql.Attribute(context, comparison, "v." + attribute.Column, attribute.IsNumeric, attribute.TakesList);
    }

    private sealed record VersionAttribute(string Column, bool IsNumeric, bool TakesList);
}
