using Argus.Core.Tracking.Sql;

namespace Argus.Core.Tracking.Search;

/// <summary>
/// Translates run search filters and order_by clauses into SQL over <c>runs r</c>. Metric, param,
/// tag and dataset conditions become <c>r.run_uuid IN (subquery)</c>, so a run lacking the key never
/// matches (not even for <c>!=</c>) and the (key, value) indexes can drive the search.
/// </summary>
internal static class RunSearchSql
{
    private const string Tiebreak = "r.start_time DESC, r.run_uuid ASC";

    // When start_time is already ordered on, repeating it in the tie-break changes nothing but stops SQLite from
    // reading the first page straight off runs_by_experiment: it then sorts every run of the experiment.
    private const string RunIdTiebreak = "r.run_uuid ASC";

    private const string DatasetContextTag = "mlflow.data.context";

    private static readonly Dictionary<string, KeyType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["metric"] = KeyType.Metric,
        ["metrics"] = KeyType.Metric,
        ["param"] = KeyType.Param,
        ["params"] = KeyType.Param,
        ["parameter"] = KeyType.Param,
        ["parameters"] = KeyType.Param,
        ["tag"] = KeyType.Tag,
        ["tags"] = KeyType.Tag,
        ["attribute"] = KeyType.Attribute,
        ["attributes"] = KeyType.Attribute,
        ["attr"] = KeyType.Attribute,
        ["run"] = KeyType.Attribute,
        ["dataset"] = KeyType.Dataset,
        ["datasets"] = KeyType.Dataset,
    };

    // Attribute names are case-sensitive, as in MLflow; the aliases are the ones MLflow accepts.
    private static readonly Dictionary<string, RunAttribute> Attributes = new(StringComparer.Ordinal)
    {
        ["run_id"] = new("run_uuid", IsNumeric: false, Nullable: false, Filterable: true),
        ["run_name"] = new("name", IsNumeric: false, Nullable: true, Filterable: true),
        ["run name"] = new("name", IsNumeric: false, Nullable: true, Filterable: true),
        ["Run name"] = new("name", IsNumeric: false, Nullable: true, Filterable: true),
        ["Run Name"] = new("name", IsNumeric: false, Nullable: true, Filterable: true),
        ["user_id"] = new("user_id", IsNumeric: false, Nullable: true, Filterable: true),
        ["status"] = new("status", IsNumeric: false, Nullable: true, Filterable: true),
        ["artifact_uri"] = new("artifact_uri", IsNumeric: false, Nullable: true, Filterable: true),
        ["lifecycle_stage"] = new("lifecycle_stage", IsNumeric: false, Nullable: true, Filterable: true),
        // start_time is NOT NULL in the schema: ordered as the bare column, runs_by_experiment gives the order.
        ["start_time"] = new("start_time", IsNumeric: true, Nullable: false, Filterable: true),
        ["created"] = new("start_time", IsNumeric: true, Nullable: false, Filterable: true),
        ["Created"] = new("start_time", IsNumeric: true, Nullable: false, Filterable: true),
        ["end_time"] = new("end_time", IsNumeric: true, Nullable: true, Filterable: true),
        ["experiment_id"] = new("experiment_id", IsNumeric: true, Nullable: false, Filterable: false),
    };

    private const string FilterAttributeList = "run_id, run_name, user_id, status, artifact_uri, lifecycle_stage, start_time, end_time, created";

    private const string OrderAttributeList = FilterAttributeList + ", experiment_id";

    private enum KeyType
    {
        Metric,
        Param,
        Tag,
        Attribute,
        Dataset,
    }

    /// <summary>
    /// The SQL boolean expression for <paramref name="filter"/> over <c>runs r</c>, or null when the
    /// filter is null or blank. Every user value and key is added to <paramref name="parameters"/>.
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
    /// LEFT JOINs (space-separated, possibly "") and the ORDER BY list, without the words ORDER BY.
    /// The list always ends with the tie-break <c>r.start_time DESC, r.run_uuid ASC</c> (only
    /// <c>r.run_uuid ASC</c> when start_time is already in the list); missing values and NaN sort last
    /// in both directions.
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for a bad or repeated clause.</exception>
    public static (string Joins, string OrderBy) OrderBy(IReadOnlyList<string> orderBy, SqlParameters parameters, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(dialect);
        SearchParser.CheckOrderByCount(orderBy);
        var joins = new List<string>();
        var terms = new List<string>();
        var seen = new HashSet<(KeyType, string)>();
        for (var i = 0; i < orderBy.Count; i++)
        {
            var clause = orderBy[i] ?? "";
            if (string.IsNullOrWhiteSpace(clause))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause, "the clause is empty", 0);
            }

            var term = SearchParser.ParseOrderBy(clause);
            var id = term.Identifier;
            var type = ResolveType(id, SearchErrors.OrderBy, clause);
            var attribute = type == KeyType.Attribute ? ResolveAttribute(id, SearchErrors.OrderBy, clause, forOrderBy: true) : null;
            if (type == KeyType.Dataset)
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause, "runs cannot be ordered by datasets", id.Position);
            }

            if (!seen.Add((type, attribute?.Column ?? id.Key)))
            {
                throw SearchErrors.At(SearchErrors.OrderBy, clause, $"'{id}' is already in order_by; each field may appear once", id.Position);
            }

            var direction = SearchSqlFragments.Direction(term.Descending);
            string alias;
            switch (type)
            {
                case KeyType.Metric:
                    alias = Alias("om", i);
                    joins.Add($"LEFT JOIN latest_metrics {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {parameters.Add(id.Key)}");
                    // As MLflow: real values first, then NaN, then runs without the metric.
                    terms.Add($"CASE WHEN {alias}.is_nan = 1 THEN 1 WHEN {alias}.value IS NULL THEN 2 ELSE 0 END, {alias}.value {direction}");
                    break;
                case KeyType.Param:
                    alias = Alias("op", i);
                    joins.Add($"LEFT JOIN params {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {parameters.Add(id.Key)}");
                    terms.Add(SearchSqlFragments.NullsLast($"{alias}.value", term.Descending));
                    break;
                case KeyType.Tag:
                    alias = Alias("ot", i);
                    joins.Add($"LEFT JOIN tags {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {parameters.Add(id.Key)}");
                    terms.Add(SearchSqlFragments.NullsLast($"{alias}.value", term.Descending));
                    break;
                default:
                    var column = "r." + attribute!.Column;
                    terms.Add(attribute.Nullable ? SearchSqlFragments.NullsLast(column, term.Descending) : $"{column} {direction}");
                    break;
            }
        }

        terms.Add(seen.Contains((KeyType.Attribute, "start_time")) ? RunIdTiebreak : Tiebreak);
        return (string.Join(" ", joins), string.Join(", ", terms));
    }

    /// <summary>
    /// The metric key and direction of the first order_by clause when it orders by a metric, else
    /// null. The store then scans that metric's <c>(key, is_nan, value)</c> index in order.
    /// </summary>
    public static (string Key, bool Descending)? LeadingMetric(IReadOnlyList<string> orderBy)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        SearchParser.CheckOrderByCount(orderBy);
        if (orderBy.Count == 0 || string.IsNullOrWhiteSpace(orderBy[0]))
        {
            return null;
        }

        var term = SearchParser.ParseOrderBy(orderBy[0]);
        return ResolveType(term.Identifier, SearchErrors.OrderBy, orderBy[0]) == KeyType.Metric ? (term.Identifier.Key, term.Descending) : null;
    }

    /// <summary>
    /// Splits a filter for a scan driven by metric <paramref name="key"/> under <paramref name="alias"/>:
    /// top-level AND conjuncts comparing that metric become range conditions on <c>alias.value</c>
    /// (<c>Pushed</c>), so the index scan starts where they hold; the others are translated as
    /// <see cref="Where"/> would (<c>Remaining</c>). Either is null when empty.
    /// </summary>
    public static (string? Pushed, string? Remaining) SplitForMetric(string? filter, string key, string alias, SqlParameters parameters, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(dialect);
        if (string.IsNullOrWhiteSpace(filter))
        {
            return (null, null);
        }

        var context = new SqlFilterContext(filter, parameters, dialect);
        var expression = SearchParser.ParseFilter(filter);
        IReadOnlyList<SearchExpression> conjuncts = expression is AndExpression and ? and.Operands : [expression];
        var pushed = new List<string>();
        var rest = new List<SearchExpression>();
        foreach (var conjunct in conjuncts)
        {
            if (conjunct is Comparison comparison
                && comparison.Identifier.Key == key
                && ResolveType(comparison.Identifier, SearchErrors.Filter, filter) == KeyType.Metric)
            {
                var subject = $"metric '{key}'";
                context.RequireOperator(comparison, ComparisonOperators.Numeric, subject);
                var number = context.RequireNumber(comparison, subject);
                pushed.Add(context.Compare($"{alias}.value", comparison.Operator, number.Value));
            }
            else
            {
                rest.Add(conjunct);
            }
        }

        var restSql = rest.Count == 0
            ? null
            : context.Translate(rest.Count == 1 ? rest[0] : new AndExpression(rest, rest[0].Position), c => Comparison(context, filter, c));
        return (pushed.Count == 0 ? null : string.Join(" AND ", pushed), restSql);
    }

    private static string Comparison(SqlFilterContext context, string filter, Comparison comparison)
    {
        var id = comparison.Identifier;
        var p = context.Parameters;
        switch (ResolveType(id, SearchErrors.Filter, filter))
        {
            case KeyType.Metric:
            {
                var subject = $"metric '{id.Key}'";
                context.RequireOperator(comparison, ComparisonOperators.Numeric, subject);
                var number = context.RequireNumber(comparison, subject);
                return $"{context.Dialect.Membership("r.run_uuid")} IN (SELECT m.run_uuid FROM latest_metrics m WHERE m.key = {p.Add(id.Key)} AND m.is_nan = 0 AND {context.Compare("m.value", comparison.Operator, number.Value)})";
            }

            case KeyType.Param:
            {
                var subject = $"param '{id.Key}'";
                context.RequireOperator(comparison, ComparisonOperators.String, subject);
                var value = context.RequireString(comparison, subject);
                return $"{context.Dialect.Membership("r.run_uuid")} IN (SELECT p.run_uuid FROM params p WHERE p.key = {p.Add(id.Key)} AND {context.Compare("p.value", comparison.Operator, value)})";
            }

            case KeyType.Tag:
            {
                var subject = $"tag '{id.Key}'";
                context.RequireOperator(comparison, ComparisonOperators.String, subject);
                var value = context.RequireString(comparison, subject);
                return $"{context.Dialect.Membership("r.run_uuid")} IN (SELECT t.run_uuid FROM tags t WHERE t.key = {p.Add(id.Key)} AND {context.Compare("t.value", comparison.Operator, value)})";
            }

            case KeyType.Dataset:
                return Dataset(context, filter, comparison);

            default:
            {
                var attribute = ResolveAttribute(id, SearchErrors.Filter, filter, forOrderBy: false);
                var subject = $"attribute '{id.Key}'";
                var column = "r." + attribute.Column;
                if (attribute.IsNumeric)
                {
                    context.RequireOperator(comparison, ComparisonOperators.Numeric, subject);
                    var number = context.RequireNumber(comparison, subject);
                    return context.Compare(column, comparison.Operator, number.ForIntegerColumn());
                }

                context.RequireOperator(comparison, ComparisonOperators.StringOrList, subject);
                return context.CompareString(column, comparison, subject);
            }
        }
    }

    private static string Dataset(SqlFilterContext context, string filter, Comparison comparison)
    {
        var key = comparison.Identifier.Key;
        var subject = $"dataset '{key}'";
        if (key is not ("name" or "digest" or "context"))
        {
            throw SearchErrors.At(SearchErrors.Filter, filter,
                $"unknown dataset field '{key}' (datasets can be searched by name, digest and context)", comparison.Identifier.Position);
        }

        context.RequireOperator(comparison, ComparisonOperators.StringOrList, subject);
        if (key == "context")
        {
            var tagKey = context.Parameters.Add(DatasetContextTag);
            return $"{context.Dialect.Membership("r.run_uuid")} IN (SELECT rit.run_uuid FROM run_input_tags rit WHERE rit.key = {tagKey} AND {context.CompareString("rit.value", comparison, subject)})";
        }

        var column = key == "name" ? "d.name" : "d.digest";
        return $"{context.Dialect.Membership("r.run_uuid")} IN (SELECT ri.run_uuid FROM run_inputs ri JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid"
            + $" WHERE {context.CompareString(column, comparison, subject)})";
    }

    private static KeyType ResolveType(SearchIdentifier id, string subject, string text) =>
        id.Type is null ? KeyType.Attribute
        : Types.TryGetValue(id.Type, out var type) ? type
        : throw SearchErrors.At(subject, text,
            $"unknown identifier type '{id.Type}' in '{id}' (use metrics., params., tags., attributes. or datasets.)", id.Position);

    private static RunAttribute ResolveAttribute(SearchIdentifier id, string subject, string text, bool forOrderBy)
    {
        if (Attributes.TryGetValue(id.Key, out var attribute) && (forOrderBy || attribute.Filterable))
        {
            return attribute;
        }

        if (attribute is not null)
        {
            throw SearchErrors.At(subject, text, $"attribute '{id.Key}' can be used in order_by but not in a filter", id.Position);
        }

        var valid = forOrderBy ? OrderAttributeList : FilterAttributeList;
        var hint = id.Type is null ? $"; for a metric, param or tag write metrics.{id.Key}, params.{id.Key} or tags.{id.Key}" : "";
        throw SearchErrors.At(subject, text, $"unknown attribute '{id.Key}' (valid attributes: {valid}{hint})", id.Position);
    }

    private static string Alias(string prefix, int index) => prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record RunAttribute(string Column, bool IsNumeric, bool Nullable, bool Filterable);
}
