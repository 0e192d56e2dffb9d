using System.Text.RegularExpressions;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Search;
using Argus.Core.Tracking.Sql;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Tracking.Search;

/// <summary>
/// Runs generated filters and order_by clauses (<see cref="SearchFilterGenerator"/>) through each entity's translator
/// and then through a real store's search. Each input must either translate or be refused with
/// INVALID_PARAMETER_VALUE (a short message, never the whole input echoed); translated SQL must carry every user
/// value as a parameter (<see cref="AssertParameterised"/>); and the store's search must succeed or refuse the same
/// way — a database error would mean the input shaped the SQL.
/// </summary>
internal static partial class SearchFuzzer
{
    // Every word the translators write: SQL keywords, tables, aliases and columns. A word outside it came from input.
    private static readonly HashSet<string> Vocabulary = new(StringComparer.Ordinal)
    {
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "ILIKE", "ESCAPE", "lower", "CASE", "WHEN", "THEN", "ELSE",
        "END", "ASC", "DESC", "LEFT", "JOIN", "ON", "EXISTS", "ANY", "json_each", "value", "key",
        "runs", "latest_metrics", "params", "tags", "run_inputs", "datasets", "run_input_tags", "experiments", "experiment_tags",
        "registered_model_tags", "model_version_tags",
        "r", "m", "p", "t", "ri", "rit", "d", "e", "pt", "v", "mo",
        "run_uuid", "is_nan", "name", "digest", "dataset_uuid", "experiment_id", "user_id", "status", "artifact_uri", "lifecycle_stage",
        "start_time", "end_time", "creation_time", "last_update_time", "last_updated_time", "source", "version", "run_id",
    };

    /// <summary>What the store holds for the filters to find: one of each identifier kind.</summary>
    public static async Task<string> SeedAsync(ITrackingStore store)
    {
        var ct = CancellationToken.None;
        var experiment = await store.CreateExperimentAsync("fuzz", null, [new Tag("team", "risk"), new Tag(SearchFilterGenerator.Canary, "x")], ct);
        var run = await store.CreateRunAsync(new RunCreation { ExperimentId = experiment, RunName = "alpha", UserId = "alice", StartTime = 1000 }, ct);
        var runId = run.Info.RunId;
        await store.LogBatchAsync(runId,
            [new Metric("rmse", 0.5, 1, 0), new Metric("acc", double.NaN, 1, 0), new Metric("f1 score", 0.7, 1, 0)],
            [new Param("lr", "0.01"), new Param("model", "xgb")],
            [new Tag("team", "vision"), new Tag("note", "50%_done")],
            CancellationToken.None);
        await store.LogInputsAsync(runId, [new DatasetInput([new Tag("mlflow.data.context", "training")], new Dataset("train", "abc", "local", "file:///d"))], ct);
        var second = await store.CreateRunAsync(new RunCreation { ExperimentId = experiment, RunName = "beta", StartTime = 2000 }, ct);
        await store.LogBatchAsync(second.Info.RunId, [new Metric("rmse", 0.8, 1, 0)], [], [], ct);

        var registry = ModelRegistries.For(store);
        await registry.CreateRegisteredModelAsync("fuzz-model", "d", [new Tag("team", "risk")], ct);
        await registry.CreateRegisteredModelAsync("fuzz-prompt", null, [new Tag(RegistryPromptFilter.IsPromptTag, "true")], ct);
        await registry.CreateModelVersionAsync(new ModelVersionCreation("fuzz-model", "runs:/" + runId + "/model") { RunId = runId, Tags = [new Tag("stage", "ok")] }, ct);
        await registry.SetAliasAsync("fuzz-model", "champion", "1", null, ct);
        return experiment;
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> generated searches against <paramref name="store"/>, seeded by <see cref="SeedAsync"/>;
    /// returns how many searched and how many were refused, so a test can check the generator reaches both.
    /// </summary>
    public static async Task<(int Searched, int Refused)> RunAsync(ITrackingStore store, SqlDialect dialect, string experimentId, int seed, int iterations)
    {
        var registry = ModelRegistries.For(store);
        var searched = 0;
        for (var i = 0; i < iterations; i++)
        {
            var random = Fuzz.ForIteration(seed, i);
            var generator = new SearchFilterGenerator(random);
            var entity = (SearchEntity)(i % 4);
            var filter = generator.Filter(entity);
            var orderBy = generator.OrderBy(entity);
            var where = Fuzz.Where(seed, i, $"{entity}: {filter}") + " order_by: " + string.Join(" | ", orderBy.Select(Fuzz.Show));

            CheckTranslation(entity, filter, orderBy, dialect, where);
            try
            {
                await SearchAsync(store, registry, entity, experimentId, filter, orderBy);
                searched++;
            }
            catch (Exception e)
            {
                AssertRefused(e, where);
            }
        }

        return (searched, iterations - searched);
    }

    /// <summary>Translates without a database: the SQL or INVALID_PARAMETER_VALUE, nothing else.</summary>
    public static void CheckTranslation(SearchEntity entity, string filter, IReadOnlyList<string> orderBy, SqlDialect dialect, string where)
    {
        var p = new SqlParameters();
        string sql;
        try
        {
            sql = entity switch
            {
                SearchEntity.Runs => $"{RunSearchSql.Where(filter, p, dialect)} {Join(RunSearchSql.OrderBy(orderBy, p, dialect))}",
                SearchEntity.Experiments => $"{ExperimentSearchSql.Where(filter, p, dialect)} {Join(ExperimentSearchSql.OrderBy(orderBy, p, dialect))}",
                SearchEntity.RegisteredModels => $"{RegisteredModelSearchSql.Where(filter, p, dialect)} {RegisteredModelSearchSql.OrderBy(orderBy)}",
                _ => $"{ModelVersionSearchSql.Where(filter, p, dialect)} {ModelVersionSearchSql.OrderBy(orderBy)}",
            };
        }
        catch (Exception e)
        {
            AssertRefused(e, where);
            return;
        }

        AssertParameterised(sql, p, where);
    }

    /// <summary>
    /// SQL text built from a filter holds only the translators' own words, the numbers 0 to 2, punctuation and
    /// placeholders of bound parameters: no quote, no comment, no statement separator, no <see cref="SearchFilterGenerator.Canary"/>.
    /// </summary>
    public static void AssertParameterised(string sql, SqlParameters parameters, string where)
    {
        Assert.False(sql.Contains(SearchFilterGenerator.Canary, StringComparison.OrdinalIgnoreCase), $"User text reached the SQL text. {where}\nSQL: {sql}");

        // PostgreSQL's LIKE turns its escape character off with ESCAPE '': the one fixed literal.
        var text = sql.Replace("ESCAPE ''", "ESCAPE", StringComparison.Ordinal);
        foreach (Match placeholder in Placeholder().Matches(text))
        {
            var index = int.Parse(placeholder.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(index < parameters.Values.Count, $"Placeholder {placeholder.Value} has no parameter. {where}\nSQL: {sql}");
        }

        text = Placeholder().Replace(text, " ");
        var stray = text.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is ' ' or '_' or '(' or ')' or ',' or '.' or '=' or '<' or '>' or '+' or '*'));
        Assert.True(stray == default, $"Unexpected character U+{(int)stray:X4} in the SQL text. {where}\nSQL: {sql}");
        foreach (Match word in Word().Matches(text))
        {
            Assert.True(Vocabulary.Contains(word.Value) || OrderAlias().IsMatch(word.Value),
                $"The word '{word.Value}' in the SQL text is not one the translators write. {where}\nSQL: {sql}");
        }

        foreach (Match number in Number().Matches(text))
        {
            Assert.True(number.Value is "0" or "1" or "2", $"The number {number.Value} in the SQL text did not come from the translators. {where}\nSQL: {sql}");
        }
    }

    /// <summary>A refusal must be an INVALID_PARAMETER_VALUE with a message that does not echo a huge input.</summary>
    public static void AssertRefused(Exception e, string where)
    {
        if (e is ArgusException { Code: ErrorCode.InvalidParameterValue } refused)
        {
            Assert.True(refused.Message.Length <= 1200, $"The error message is {refused.Message.Length} characters long. {where}");
            return;
        }

        Assert.Fail($"Expected a result or INVALID_PARAMETER_VALUE. {where}\n{e}");
    }

    private static async Task SearchAsync(ITrackingStore store, IModelRegistry registry, SearchEntity entity, string experimentId, string filter, List<string> orderBy)
    {
        var ct = CancellationToken.None;
        switch (entity)
        {
            case SearchEntity.Runs:
                await store.SearchRunsAsync(new RunSearch { ExperimentIds = [experimentId], Filter = filter, OrderBy = orderBy, MaxResults = 10 }, ct);
                break;
            case SearchEntity.Experiments:
                await store.SearchExperimentsAsync(new ExperimentSearch { Filter = filter, OrderBy = orderBy, MaxResults = 10 }, ct);
                break;
            case SearchEntity.RegisteredModels:
                await registry.SearchRegisteredModelsAsync(new RegisteredModelSearch { Filter = filter, OrderBy = orderBy, MaxResults = 10 }, ct);
                break;
            default:
                await registry.SearchModelVersionsAsync(new ModelVersionSearch { Filter = filter, OrderBy = orderBy, MaxResults = 10 }, ct);
                break;
        }
    }

    private static string Join((string Joins, string OrderBy) order) => order.Joins + " " + order.OrderBy;

    [GeneratedRegex(@"@p(\d+)")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"(?<![A-Za-z_0-9])\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"^o[mpt]\d+$")]
    private static partial Regex OrderAlias();
}
