namespace Argus.Core.Tracking.Sql;

/// <summary>
/// The few places where SQLite and PostgreSQL SQL differ. Everything else the stores write is
/// plain SQL both accept (<c>ON CONFLICT</c>, row values, <c>LIMIT/OFFSET</c>).
/// </summary>
internal abstract class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    public static SqlDialect Postgres { get; } = new PostgresDialect();

    public abstract string Name { get; }

    /// <summary><c>column</c> is one of <paramref name="values"/>, as one parameter whatever the count.</summary>
    public abstract string AnyOf(string column, SqlParameters parameters, IReadOnlyList<string> values);

    /// <summary><c>column</c> is one of the numbers in <paramref name="values"/>, as one parameter.</summary>
    public abstract string AnyOf(string column, SqlParameters parameters, IReadOnlyList<long> values);

    /// <summary>True when a provider exception is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>True when a provider exception says a table does not exist.</summary>
    public abstract bool IsMissingTable(Exception exception);

    /// <summary>
    /// The column as the left side of an <c>IN (subquery)</c> filter that should test membership
    /// rather than drive the query. SQLite's planner otherwise walks the whole subquery result
    /// through the primary key and sorts it; the unary plus keeps the ordered index scan with LIMIT.
    /// </summary>
    public abstract string Membership(string column);

    /// <summary>The JSON object of strings in text column <paramref name="column"/> has key <paramref name="keyParameter"/> with value <paramref name="valueParameter"/>.</summary>
    public abstract string JsonHas(string column, string keyParameter, string valueParameter);

    /// <summary>Case-sensitive LIKE with <c>%</c> and <c>_</c> as the only special characters.</summary>
    public abstract string Like(string expression, string patternParameter);

    /// <summary>Case-insensitive LIKE with <c>%</c> and <c>_</c> as the only special characters.</summary>
    public abstract string ILike(string expression, string patternParameter);

    private sealed class SqliteDialect : SqlDialect
    {
        public override string Name => "sqlite";

        public override string Membership(string column) => "+" + column;

        public override string AnyOf(string column, SqlParameters parameters, IReadOnlyList<string> values) =>
            $"{column} IN (SELECT value FROM json_each({parameters.Add(Rest.TrackingJson.Serialize(values))}))";

        public override string AnyOf(string column, SqlParameters parameters, IReadOnlyList<long> values) =>
            $"{column} IN (SELECT value FROM json_each({parameters.Add(Rest.TrackingJson.Serialize(values))}))";

        public override bool IsUniqueViolation(Exception exception) =>
            exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };

        public override bool IsMissingTable(Exception exception) =>
            exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 1 } e && e.Message.Contains("no such table", StringComparison.Ordinal);

        public override string JsonHas(string column, string keyParameter, string valueParameter) =>
            $"EXISTS (SELECT 1 FROM json_each({column}) j WHERE j.key = {keyParameter} AND j.value = {valueParameter})";

        // Connections run with PRAGMA case_sensitive_like = ON, so LIKE is case-sensitive.
        public override string Like(string expression, string patternParameter) => $"{expression} LIKE {patternParameter}";

        public override string ILike(string expression, string patternParameter) => $"lower({expression}) LIKE lower({patternParameter})";
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override string Name => "postgresql";

        // PostgreSQL plans IN (subquery) as a semi-join by its statistics; nothing to steer.
        public override string Membership(string column) => column;

        public override string AnyOf(string column, SqlParameters parameters, IReadOnlyList<string> values) =>
            $"{column} = ANY({parameters.Add(values as string[] ?? [.. values])})";

        public override string AnyOf(string column, SqlParameters parameters, IReadOnlyList<long> values) =>
            $"{column} = ANY({parameters.Add(values as long[] ?? [.. values])})";

        public override bool IsUniqueViolation(Exception exception) =>
            exception is Npgsql.PostgresException { SqlState: "23505" };

        public override bool IsMissingTable(Exception exception) =>
            exception is Npgsql.PostgresException { SqlState: "42P01" };

        public override string JsonHas(string column, string keyParameter, string valueParameter) =>
            $"({column}::jsonb ->> ({keyParameter})::text) = {valueParameter}";

        // ESCAPE '' turns off PostgreSQL's default backslash escape, matching SQLite.
        public override string Like(string expression, string patternParameter) => $"{expression} LIKE {patternParameter} ESCAPE ''";

        public override string ILike(string expression, string patternParameter) => $"{expression} ILIKE {patternParameter} ESCAPE ''";
    }
}
