using System.Data.Common;
using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking.Rest;
using Argus.Core.Tracking.Search;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// The model registry over the same database as tracking. Every write that reads before it writes
/// (alias moves, stage transitions, version numbering) first locks the registered model's row
/// (<see cref="RowLock"/>; SQLite's single writer already serialises), so concurrent writers of
/// one model queue instead of overwriting each other, and the audit history is one chain.
/// </summary>
internal abstract partial class SqlTrackingStore : IModelRegistry
{
    private const string ModelColumns = "m.name, m.creation_time, m.last_updated_time, m.user_id, m.description";

    private const string VersionColumns =
        "v.name, v.version, v.creation_time, v.last_updated_time, v.user_id, v.current_stage, v.description, v.source, v.run_id, v.status, v.status_message, v.run_link";

    /// <summary>Most events one history page returns.</summary>
    private const int MaxHistoryPage = 1000;

    /// <summary>
    /// Appended to the SELECT of a registered model's row at the start of a registry write, to hold the
    /// row until the transaction ends (PostgreSQL: <c>FOR UPDATE</c>). Empty where the store has one
    /// writer at a time anyway (SQLite).
    /// </summary>
    protected virtual string RowLock => string.Empty;

    private string DefaultUser => Options.UserId ?? Environment.UserName;

    /// <summary>This store's registry acting for <paramref name="userId"/> (the server's callers).</summary>
    internal IModelRegistry ActingAs(string? userId) => new UserRegistry(this, userId);

    // ---------------------------------------------------------------- registered models

    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyList<Tag> tags, CancellationToken cancellationToken) =>
        CreateRegisteredModelAsync(name, description, tags, DefaultUser, cancellationToken);

    private async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyList<Tag> tags, string? user, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        tags ??= [];
        foreach (var tag in tags)
        {
            RegistryValidator.Tag(tag);
        }

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        if (await ScalarAsync(scope, $"SELECT 1 FROM registered_models WHERE name = {p.Add(name)}", p, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw ModelExists(name);
        }

        var now = Now;
        p = new SqlParameters();
        try
        {
            await ExecAsync(scope,
                "INSERT INTO registered_models (name, creation_time, last_updated_time, user_id, description, last_version) " +
                $"VALUES ({p.Add(name)}, {p.Add(now)}, {p.Add(now)}, {p.Add(user)}, {p.Add(description)}, 0)",
                p, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e))
        {
            throw ModelExists(name);
        }

        var stored = Dedupe([.. tags]);
        foreach (var tag in stored)
        {
            await UpsertModelTagAsync(scope, name, tag, cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RegisteredModel(name, now, now, user, description, [], stored, []);
    }

    public async Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadModelAsync(connection, null, name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        RegistryValidator.ModelName(newName, "new_name");
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await LockModelAsync(scope, name, cancellationToken).ConfigureAwait(false);
        if (newName != name)
        {
            var p = new SqlParameters();
            if (await ScalarAsync(scope, $"SELECT 1 FROM registered_models WHERE name = {p.Add(newName)}", p, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw ModelExists(newName);
            }

            // ON UPDATE CASCADE carries the new name to tags, versions, their tags and aliases; the
            // audit history has no foreign key and moves here, in the same transaction.
            var now = Now;
            p = new SqlParameters();
            try
            {
                await ExecAsync(scope, $"UPDATE registered_models SET name = {p.Add(newName)}, last_updated_time = {p.Add(now)} WHERE name = {p.Add(name)}", p, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (Dialect.IsUniqueViolation(e))
            {
                throw ModelExists(newName);
            }

            p = new SqlParameters();
            await ExecAsync(scope, $"UPDATE model_versions SET last_updated_time = {p.Add(now)} WHERE name = {p.Add(newName)}", p, cancellationToken).ConfigureAwait(false);
            p = new SqlParameters();
            await ExecAsync(scope, $"UPDATE registry_events SET name = {p.Add(newName)} WHERE name = {p.Add(name)}", p, cancellationToken).ConfigureAwait(false);
        }

        var model = await LoadModelAsync(scope.Connection, scope.Transaction, newName, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return model;
    }

    public async Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var updated = await ExecAsync(scope,
            $"UPDATE registered_models SET description = {p.Add(description)}, last_updated_time = {p.Add(Now)} WHERE name = {p.Add(name)}",
            p, cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            throw ModelNotFound(name);
        }

        var model = await LoadModelAsync(scope.Connection, scope.Transaction, name, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return model;
    }

    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        DeleteRegisteredModelAsync(name, DefaultUser, cancellationToken);

    private async Task DeleteRegisteredModelAsync(string name, string? user, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await LockModelAsync(scope, name, cancellationToken).ConfigureAwait(false);
        var now = Now;
        foreach (var (alias, version) in await AliasesAsync(scope, name, null, cancellationToken).ConfigureAwait(false))
        {
            await AuditAsync(scope, name, RegistryEventKinds.Alias, alias, VersionText(version), null, user, now, "registered model deleted", cancellationToken).ConfigureAwait(false);
        }

        // Cascades to tags, versions, version tags and aliases; registry_events stays.
        var p = new SqlParameters();
        await ExecAsync(scope, $"DELETE FROM registered_models WHERE name = {p.Add(name)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(RegisteredModelSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var limit = TrackingValidator.MaxResults(search.MaxResults, RegisteredModelSearch.DefaultMaxResults, RegisteredModelSearch.MaxMaxResults);
        var offset = TrackingJson.DecodePageToken(search.PageToken);
        var p = new SqlParameters();
        var where = RegisteredModelSearchSql.Where(search.Filter, p, Dialect);
        if (search.Readable is { } access)
        {
            where = $"({where}) AND {ReadableCondition(Auth.ResourceKind.RegisteredModel, "m.name", access, p)}";
        }

        var orderBy = RegisteredModelSearchSql.OrderBy(search.OrderBy);
        var sql = $"SELECT {ModelColumns} FROM registered_models m WHERE {where} ORDER BY {orderBy} LIMIT {p.Add((long)limit + 1)} OFFSET {p.Add(offset)}";
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var models = await QueryModelsAsync(connection, null, sql, p, cancellationToken).ConfigureAwait(false);
        return Paged(models, limit, offset);
    }

    public async Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string> stages, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var wanted = stages is null || stages.Count == 0 ? ModelStages.All : stages.Select(ModelStages.Canonical).ToList();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var model = await LoadModelAsync(connection, null, name, cancellationToken).ConfigureAwait(false);
        return model.LatestVersions.Where(v => wanted.Contains(v.CurrentStage)).ToList();
    }

    public async Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        RegistryValidator.Tag(new Tag(key, value));
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await LockModelAsync(scope, name, cancellationToken).ConfigureAwait(false);
        await UpsertModelTagAsync(scope, name, new Tag(key, value), cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        RegistryValidator.TagKey(key);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await LockModelAsync(scope, name, cancellationToken).ConfigureAwait(false);
        // As MLflow: deleting a tag the model does not have is not an error.
        var p = new SqlParameters();
        await ExecAsync(scope, $"DELETE FROM registered_model_tags WHERE name = {p.Add(name)} AND key = {p.Add(key)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- aliases

    public Task SetAliasAsync(string name, string alias, string version, string? reason, CancellationToken cancellationToken) =>
        SetAliasAsync(name, alias, version, reason, DefaultUser, cancellationToken);

    private Task SetAliasAsync(string name, string alias, string version, string? reason, string? user, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        RegistryValidator.Alias(alias);
        RegistryValidator.Version(version);
        return MoveAliasesAsync(name, [new AliasMove(alias, version)], [], reason, user, cancellationToken);
    }

    public Task DeleteAliasAsync(string name, string alias, string? reason, CancellationToken cancellationToken) =>
        DeleteAliasAsync(name, alias, reason, DefaultUser, cancellationToken);

    private Task DeleteAliasAsync(string name, string alias, string? reason, string? user, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        RegistryValidator.Alias(alias);
        // As MLflow: deleting an alias the model does not have is not an error (nothing is audited).
        return MoveAliasesAsync(name, [new AliasMove(alias, null)], [], reason, user, cancellationToken);
    }

    public async Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        RegistryValidator.Alias(alias);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var versions = await QueryVersionsAsync(connection, null,
            $"SELECT {VersionColumns} FROM registered_model_aliases a JOIN model_versions v ON v.name = a.name AND v.version = a.version " +
            $"WHERE a.name = {p.Add(name)} AND a.alias = {p.Add(alias)}",
            p, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 1)
        {
            return versions[0];
        }

        p = new SqlParameters();
        await using var cmd = Command(connection, null, $"SELECT 1 FROM registered_models WHERE name = {p.Add(name)}", p);
        throw await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null
            ? ModelNotFound(name)
            : ArgusException.NotFound($"Registered model alias {alias} not found.");
    }

    public Task MoveAliasesAsync(string name, IReadOnlyList<AliasMove> moves, IReadOnlyList<AliasExpectation> expected, string? reason, CancellationToken cancellationToken) =>
        MoveAliasesAsync(name, moves, expected, reason, DefaultUser, cancellationToken);

    private async Task MoveAliasesAsync(
        string name, IReadOnlyList<AliasMove> moves, IReadOnlyList<AliasExpectation> expected, string? reason, string? user, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var targets = ValidateMoves(moves ?? []);
        var expectations = ValidateExpectations(expected ?? []);

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await LockModelAsync(scope, name, cancellationToken).ConfigureAwait(false);
        var current = await AliasesAsync(scope, name, null, cancellationToken).ConfigureAwait(false);

        var mismatches = new List<string>();
        foreach (var (alias, version) in expectations)
        {
            var actual = current.TryGetValue(alias, out var v) ? v : (long?)null;
            if (actual != version)
            {
                mismatches.Add($"alias '{alias}' was expected {Describe(version)} but {(actual is null ? "is not set" : $"points at version {VersionText(actual)}")}");
            }
        }

        if (mismatches.Count > 0)
        {
            throw new ArgusException(ErrorCode.ResourceConflict,
                $"Aliases of registered model '{name}' changed; nothing was moved: {string.Join("; ", mismatches)}.");
        }

        var now = Now;
        foreach (var (alias, version) in targets)
        {
            var before = current.TryGetValue(alias, out var v) ? v : (long?)null;
            if (before == version)
            {
                continue;
            }

            var p = new SqlParameters();
            if (version is { } target)
            {
                await RequireVersionAsync(scope, name, target, cancellationToken).ConfigureAwait(false);
                await ExecAsync(scope,
                    $"INSERT INTO registered_model_aliases (name, alias, version) VALUES ({p.Add(name)}, {p.Add(alias)}, {p.Add(target)}) " +
                    "ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version",
                    p, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ExecAsync(scope, $"DELETE FROM registered_model_aliases WHERE name = {p.Add(name)} AND alias = {p.Add(alias)}", p, cancellationToken).ConfigureAwait(false);
            }

            await AuditAsync(scope, name, RegistryEventKinds.Alias, alias, VersionText(before), VersionText(version), user, now, reason, cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<(string Alias, long? Version)> ValidateMoves(IReadOnlyList<AliasMove> moves)
    {
        var result = new List<(string, long?)>(moves.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var move in moves)
        {
            ArgumentNullException.ThrowIfNull(move);
            RegistryValidator.Alias(move.Alias);
            if (!seen.Add(move.Alias))
            {
                throw ArgusException.InvalidParameter($"Alias '{move.Alias}' is moved twice in one request.");
            }

            result.Add((move.Alias, move.Version is null ? null : RegistryValidator.Version(move.Version)));
        }

        return result;
    }

    private static List<(string Alias, long? Version)> ValidateExpectations(IReadOnlyList<AliasExpectation> expected)
    {
        var result = new List<(string, long?)>(expected.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expectation in expected)
        {
            ArgumentNullException.ThrowIfNull(expectation);
            RegistryValidator.Alias(expectation.Alias);
            if (!seen.Add(expectation.Alias))
            {
                throw ArgusException.InvalidParameter($"Alias '{expectation.Alias}' is expected twice in one request.");
            }

            result.Add((expectation.Alias, expectation.Version is null ? null : RegistryValidator.Version(expectation.Version)));
        }

        return result;
    }

    private static string Describe(long? version) => version is null ? "to be unset" : $"at version {VersionText(version)}";

    // ---------------------------------------------------------------- model versions

    public Task<ModelVersion> CreateModelVersionAsync(ModelVersionCreation creation, CancellationToken cancellationToken) =>
        CreateModelVersionAsync(creation, DefaultUser, cancellationToken);

    private async Task<ModelVersion> CreateModelVersionAsync(ModelVersionCreation creation, string? user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(creation);
        RegistryValidator.ModelName(creation.Name);
        if (string.IsNullOrEmpty(creation.Source))
        {
            throw ArgusException.MissingParameter("source");
        }

        var tags = creation.Tags ?? [];
        foreach (var tag in tags)
        {
            RegistryValidator.Tag(tag);
        }

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var now = Now;
        // The increment takes the model's row lock, so concurrent creations get consecutive numbers.
        var p = new SqlParameters();
        var number = await ScalarAsync(scope,
            $"UPDATE registered_models SET last_version = last_version + 1, last_updated_time = {p.Add(now)} WHERE name = {p.Add(creation.Name)} RETURNING last_version",
            p, cancellationToken).ConfigureAwait(false) ?? throw ModelNotFound(creation.Name);
        var version = Convert.ToInt64(number, CultureInfo.InvariantCulture);

        p = new SqlParameters();
        await ExecAsync(scope,
            "INSERT INTO model_versions (name, version, creation_time, last_updated_time, user_id, current_stage, description, source, run_id, status, status_message, run_link) VALUES " +
            $"({p.Add(creation.Name)}, {p.Add(version)}, {p.Add(now)}, {p.Add(now)}, {p.Add(user)}, {p.Add(ModelStages.None)}, {p.Add(creation.Description)}, " +
            $"{p.Add(creation.Source)}, {p.Add(NullIfEmpty(creation.RunId))}, {p.Add(ModelVersionStatus.Ready)}, NULL, {p.Add(NullIfEmpty(creation.RunLink))})",
            p, cancellationToken).ConfigureAwait(false);
        var stored = Dedupe([.. tags]);
        foreach (var tag in stored)
        {
            await UpsertVersionTagAsync(scope, creation.Name, version, tag, cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ModelVersion(creation.Name, VersionText(version), now, now, user, ModelStages.None, creation.Description, creation.Source,
            NullIfEmpty(creation.RunId), ModelVersionStatus.Ready, null, stored, NullIfEmpty(creation.RunLink), []);
    }

    public async Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var number = RegistryValidator.Version(version);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadVersionAsync(connection, null, name, number, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var number = RegistryValidator.Version(version);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var updated = await ExecAsync(scope,
            $"UPDATE model_versions SET description = {p.Add(description)}, last_updated_time = {p.Add(Now)} WHERE name = {p.Add(name)} AND version = {p.Add(number)}",
            p, cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            throw VersionNotFound(name, number);
        }

        var result = await LoadVersionAsync(scope.Connection, scope.Transaction, name, number, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken) =>
        DeleteModelVersionAsync(name, version, DefaultUser, cancellationToken);

    private async Task DeleteModelVersionAsync(string name, string version, string? user, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var number = RegistryValidator.Version(version);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryLockModelAsync(scope, name, cancellationToken).ConfigureAwait(false))
        {
            throw VersionNotFound(name, number);
        }

        await RequireVersionAsync(scope, name, number, cancellationToken).ConfigureAwait(false);
        var now = Now;
        foreach (var (alias, _) in await AliasesAsync(scope, name, number, cancellationToken).ConfigureAwait(false))
        {
            await AuditAsync(scope, name, RegistryEventKinds.Alias, alias, VersionText(number), null, user, now, $"version {VersionText(number)} deleted", cancellationToken).ConfigureAwait(false);
        }

        // Cascades to the version's tags and the aliases pointing at it.
        var p = new SqlParameters();
        await ExecAsync(scope, $"DELETE FROM model_versions WHERE name = {p.Add(name)} AND version = {p.Add(number)}", p, cancellationToken).ConfigureAwait(false);
        p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE registered_models SET last_updated_time = {p.Add(now)} WHERE name = {p.Add(name)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<ModelVersion>> SearchModelVersionsAsync(ModelVersionSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var limit = TrackingValidator.MaxResults(search.MaxResults, ModelVersionSearch.DefaultMaxResults, ModelVersionSearch.MaxMaxResults);
        var offset = TrackingJson.DecodePageToken(search.PageToken);
        var p = new SqlParameters();
        var where = ModelVersionSearchSql.Where(search.Filter, p, Dialect);
        if (search.Readable is { } access)
        {
            where = $"({where}) AND {ReadableCondition(Auth.ResourceKind.RegisteredModel, "v.name", access, p)}";
        }

        var orderBy = ModelVersionSearchSql.OrderBy(search.OrderBy);
        var sql = $"SELECT {VersionColumns} FROM model_versions v WHERE {where} ORDER BY {orderBy} LIMIT {p.Add((long)limit + 1)} OFFSET {p.Add(offset)}";
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var versions = await QueryVersionsAsync(connection, null, sql, p, cancellationToken).ConfigureAwait(false);
        return Paged(versions, limit, offset);
    }

    public Task<ModelVersion> TransitionModelVersionStageAsync(string name, string version, string stage, bool archiveExistingVersions, string? reason, CancellationToken cancellationToken) =>
        TransitionModelVersionStageAsync(name, version, stage, archiveExistingVersions, reason, DefaultUser, cancellationToken);

    private async Task<ModelVersion> TransitionModelVersionStageAsync(
        string name, string version, string stage, bool archiveExistingVersions, string? reason, string? user, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var number = RegistryValidator.Version(version);
        if (string.IsNullOrEmpty(stage))
        {
            throw ArgusException.MissingParameter("stage");
        }

        var target = ModelStages.Canonical(stage);
        if (archiveExistingVersions && target is not (ModelStages.Staging or ModelStages.Production))
        {
            throw ArgusException.InvalidParameter(
                $"Model version transition cannot archive existing model versions because '{stage}' is not an Active stage. Valid stages are {ModelStages.Staging}, {ModelStages.Production}.");
        }

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryLockModelAsync(scope, name, cancellationToken).ConfigureAwait(false))
        {
            throw VersionNotFound(name, number);
        }

        var p = new SqlParameters();
        var from = await ScalarAsync(scope, $"SELECT current_stage FROM model_versions WHERE name = {p.Add(name)} AND version = {p.Add(number)}", p, cancellationToken).ConfigureAwait(false) as string
            ?? throw VersionNotFound(name, number);
        var now = Now;
        if (archiveExistingVersions)
        {
            var others = new List<long>();
            p = new SqlParameters();
            await using (var cmd = Command(scope.Connection, scope.Transaction,
                $"SELECT version FROM model_versions WHERE name = {p.Add(name)} AND current_stage = {p.Add(target)} AND version <> {p.Add(number)} ORDER BY version", p))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    others.Add(reader.GetInt64(0));
                }
            }

            foreach (var other in others)
            {
                p = new SqlParameters();
                await ExecAsync(scope,
                    $"UPDATE model_versions SET current_stage = {p.Add(ModelStages.Archived)}, last_updated_time = {p.Add(now)} WHERE name = {p.Add(name)} AND version = {p.Add(other)}",
                    p, cancellationToken).ConfigureAwait(false);
                await AuditAsync(scope, name, RegistryEventKinds.Stage, VersionText(other), target, ModelStages.Archived, user, now, reason, cancellationToken).ConfigureAwait(false);
            }
        }

        p = new SqlParameters();
        await ExecAsync(scope,
            $"UPDATE model_versions SET current_stage = {p.Add(target)}, last_updated_time = {p.Add(now)} WHERE name = {p.Add(name)} AND version = {p.Add(number)}",
            p, cancellationToken).ConfigureAwait(false);
        p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE registered_models SET last_updated_time = {p.Add(now)} WHERE name = {p.Add(name)}", p, cancellationToken).ConfigureAwait(false);
        if (from != target)
        {
            await AuditAsync(scope, name, RegistryEventKinds.Stage, VersionText(number), from, target, user, now, reason, cancellationToken).ConfigureAwait(false);
        }

        var result = await LoadVersionAsync(scope.Connection, scope.Transaction, name, number, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<string> GetModelVersionDownloadUriAsync(string name, string version, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var number = RegistryValidator.Version(version);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await using var cmd = Command(connection, null, $"SELECT source FROM model_versions WHERE name = {p.Add(name)} AND version = {p.Add(number)}", p);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? throw VersionNotFound(name, number);
    }

    public async Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var number = RegistryValidator.Version(version);
        RegistryValidator.Tag(new Tag(key, value));
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryLockModelAsync(scope, name, cancellationToken).ConfigureAwait(false))
        {
            throw VersionNotFound(name, number);
        }

        await RequireVersionAsync(scope, name, number, cancellationToken).ConfigureAwait(false);
        await UpsertVersionTagAsync(scope, name, number, new Tag(key, value), cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var number = RegistryValidator.Version(version);
        RegistryValidator.TagKey(key);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryLockModelAsync(scope, name, cancellationToken).ConfigureAwait(false))
        {
            throw VersionNotFound(name, number);
        }

        await RequireVersionAsync(scope, name, number, cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await ExecAsync(scope, $"DELETE FROM model_version_tags WHERE name = {p.Add(name)} AND version = {p.Add(number)} AND key = {p.Add(key)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- history

    public async Task<Page<RegistryEvent>> GetHistoryAsync(string name, int maxResults, string? pageToken, CancellationToken cancellationToken)
    {
        RegistryValidator.ModelName(name);
        var limit = TrackingValidator.MaxResults(maxResults, 100, MaxHistoryPage);
        // The token holds the id the next page starts below (newest first), so events written
        // between pages neither repeat nor go missing.
        var below = string.IsNullOrEmpty(pageToken) ? long.MaxValue : TrackingJson.DecodePageToken(pageToken);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var events = new List<RegistryEvent>();
        await using (var cmd = Command(connection, null,
            "SELECT id, name, kind, subject, from_value, to_value, user_id, timestamp, reason FROM registry_events " +
            $"WHERE name = {p.Add(name)} AND id < {p.Add(below)} ORDER BY id DESC LIMIT {p.Add((long)limit + 1)}", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(new RegistryEvent(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    NullableString(reader, 4), NullableString(reader, 5), NullableString(reader, 6), reader.GetInt64(7), NullableString(reader, 8)));
            }
        }

        if (events.Count == 0 && below == long.MaxValue)
        {
            // A deleted model's history stays readable; a name that never had either is unknown.
            p = new SqlParameters();
            await using var cmd = Command(connection, null, $"SELECT 1 FROM registered_models WHERE name = {p.Add(name)}", p);
            if (await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                throw ModelNotFound(name);
            }
        }

        if (events.Count <= limit)
        {
            return new Page<RegistryEvent>(events, null);
        }

        events.RemoveAt(events.Count - 1);
        return new Page<RegistryEvent>(events, TrackingJson.EncodePageToken(events[^1].Id));
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Locks the model's row for the rest of the transaction; RESOURCE_DOES_NOT_EXIST when there is none.</summary>
    private async Task LockModelAsync(WriteScope scope, string name, CancellationToken cancellationToken)
    {
        if (!await TryLockModelAsync(scope, name, cancellationToken).ConfigureAwait(false))
        {
            throw ModelNotFound(name);
        }
    }

    private async Task<bool> TryLockModelAsync(WriteScope scope, string name, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        return await ScalarAsync(scope, $"SELECT 1 FROM registered_models WHERE name = {p.Add(name)}{RowLock}", p, cancellationToken).ConfigureAwait(false) is not null;
    }

    private async Task RequireVersionAsync(WriteScope scope, string name, long version, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        if (await ScalarAsync(scope, $"SELECT 1 FROM model_versions WHERE name = {p.Add(name)} AND version = {p.Add(version)}", p, cancellationToken).ConfigureAwait(false) is null)
        {
            throw VersionNotFound(name, version);
        }
    }

    /// <summary>The model's aliases (only those pointing at <paramref name="version"/> when given).</summary>
    private async Task<Dictionary<string, long>> AliasesAsync(WriteScope scope, string name, long? version, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var sql = $"SELECT alias, version FROM registered_model_aliases WHERE name = {p.Add(name)}" +
                  (version is { } v ? $" AND version = {p.Add(v)}" : string.Empty) + " ORDER BY alias";
        var aliases = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var cmd = Command(scope.Connection, scope.Transaction, sql, p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            aliases[reader.GetString(0)] = reader.GetInt64(1);
        }

        return aliases;
    }

    private async Task AuditAsync(
        WriteScope scope, string name, string kind, string subject, string? from, string? to, string? user, long timestamp, string? reason, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        await ExecAsync(scope,
            "INSERT INTO registry_events (name, kind, subject, from_value, to_value, user_id, timestamp, reason) VALUES " +
            $"({p.Add(name)}, {p.Add(kind)}, {p.Add(subject)}, {p.Add(from)}, {p.Add(to)}, {p.Add(user)}, {p.Add(timestamp)}, {p.Add(reason)})",
            p, cancellationToken).ConfigureAwait(false);
        await AuditRegistryEventAsync(scope, name, kind, subject, from, to, user, cancellationToken).ConfigureAwait(false);
    }

    private async Task UpsertModelTagAsync(WriteScope scope, string name, Tag tag, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        await ExecAsync(scope,
            $"INSERT INTO registered_model_tags (name, key, value) VALUES ({p.Add(name)}, {p.Add(tag.Key)}, {p.Add(tag.Value)}) ON CONFLICT (name, key) DO UPDATE SET value = excluded.value",
            p, cancellationToken).ConfigureAwait(false);
    }

    private async Task UpsertVersionTagAsync(WriteScope scope, string name, long version, Tag tag, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        await ExecAsync(scope,
            $"INSERT INTO model_version_tags (name, version, key, value) VALUES ({p.Add(name)}, {p.Add(version)}, {p.Add(tag.Key)}, {p.Add(tag.Value)}) " +
            "ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value",
            p, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RegisteredModel> LoadModelAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var models = await QueryModelsAsync(connection, transaction, $"SELECT {ModelColumns} FROM registered_models m WHERE m.name = {p.Add(name)}", p, cancellationToken).ConfigureAwait(false);
        return models.Count == 1 ? models[0] : throw ModelNotFound(name);
    }

    private async Task<ModelVersion> LoadVersionAsync(DbConnection connection, DbTransaction? transaction, string name, long version, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var versions = await QueryVersionsAsync(connection, transaction,
            $"SELECT {VersionColumns} FROM model_versions v WHERE v.name = {p.Add(name)} AND v.version = {p.Add(version)}", p, cancellationToken).ConfigureAwait(false);
        return versions.Count == 1 ? versions[0] : throw VersionNotFound(name, version);
    }

    /// <summary>Runs a query selecting <see cref="ModelColumns"/> and loads tags, aliases and latest versions per stage in four more queries.</summary>
    private async Task<List<RegisteredModel>> QueryModelsAsync(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters p, CancellationToken cancellationToken)
    {
        var rows = new List<(string Name, long Created, long Updated, string? User, string? Description)>();
        await using (var cmd = Command(connection, transaction, sql, p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), NullableString(reader, 3), NullableString(reader, 4)));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var names = rows.Select(r => r.Name).ToList();
        var tags = names.ToDictionary(n => n, _ => new List<Tag>(), StringComparer.Ordinal);
        var tp = new SqlParameters();
        await using (var cmd = Command(connection, transaction, $"SELECT name, key, value FROM registered_model_tags WHERE {Dialect.AnyOf("name", tp, names)} ORDER BY name, key", tp))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tags[reader.GetString(0)].Add(new Tag(reader.GetString(1), reader.GetString(2)));
            }
        }

        var aliases = names.ToDictionary(n => n, _ => new List<ModelAlias>(), StringComparer.Ordinal);
        var ap = new SqlParameters();
        await using (var cmd = Command(connection, transaction, $"SELECT name, alias, version FROM registered_model_aliases WHERE {Dialect.AnyOf("name", ap, names)} ORDER BY name, alias", ap))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                aliases[reader.GetString(0)].Add(new ModelAlias(reader.GetString(1), VersionText(reader.GetInt64(2))));
            }
        }

        var vp = new SqlParameters();
        var latest = await QueryVersionsAsync(connection, transaction,
            $"SELECT {VersionColumns} FROM model_versions v WHERE {Dialect.AnyOf("v.name", vp, names)} " +
            "AND v.version = (SELECT MAX(w.version) FROM model_versions w WHERE w.name = v.name AND w.current_stage = v.current_stage)",
            vp, cancellationToken).ConfigureAwait(false);
        var latestByName = latest
            .GroupBy(v => v.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(v => StageOrder(v.CurrentStage)).ToList(), StringComparer.Ordinal);

        return rows.Select(r => new RegisteredModel(
            r.Name, r.Created, r.Updated, r.User, r.Description,
            latestByName.TryGetValue(r.Name, out var versions) ? versions : [],
            tags[r.Name],
            aliases[r.Name])).ToList();
    }

    /// <summary>Runs a query selecting <see cref="VersionColumns"/> and loads the versions' tags and aliases in two more queries.</summary>
    private async Task<List<ModelVersion>> QueryVersionsAsync(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters p, CancellationToken cancellationToken)
    {
        var rows = new List<VersionRow>();
        await using (var cmd = Command(connection, transaction, sql, p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new VersionRow(
                    reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), NullableString(reader, 4), reader.GetString(5),
                    NullableString(reader, 6), reader.GetString(7), NullableString(reader, 8), reader.GetString(9), NullableString(reader, 10), NullableString(reader, 11)));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var keys = rows.Select(r => (r.Name, r.Version)).ToHashSet();
        var names = rows.Select(r => r.Name).Distinct(StringComparer.Ordinal).ToList();
        var numbers = rows.Select(r => r.Version).Distinct().ToList();
        var tags = keys.ToDictionary(k => k, _ => new List<Tag>());
        var tp = new SqlParameters();
        await using (var cmd = Command(connection, transaction,
            $"SELECT name, version, key, value FROM model_version_tags WHERE {Dialect.AnyOf("name", tp, names)} AND {Dialect.AnyOf("version", tp, numbers)} ORDER BY name, version, key", tp))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (tags.TryGetValue((reader.GetString(0), reader.GetInt64(1)), out var list))
                {
                    list.Add(new Tag(reader.GetString(2), reader.GetString(3)));
                }
            }
        }

        var aliases = keys.ToDictionary(k => k, _ => new List<string>());
        var ap = new SqlParameters();
        await using (var cmd = Command(connection, transaction,
            $"SELECT name, version, alias FROM registered_model_aliases WHERE {Dialect.AnyOf("name", ap, names)} AND {Dialect.AnyOf("version", ap, numbers)} ORDER BY name, version, alias", ap))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (aliases.TryGetValue((reader.GetString(0), reader.GetInt64(1)), out var list))
                {
                    list.Add(reader.GetString(2));
                }
            }
        }

        return rows.Select(r => new ModelVersion(
            r.Name, VersionText(r.Version), r.Created, r.Updated, r.User, r.Stage, r.Description, r.Source, r.RunId, r.Status, r.StatusMessage,
            tags[(r.Name, r.Version)], r.RunLink, aliases[(r.Name, r.Version)])).ToList();
    }

    private static int StageOrder(string stage)
    {
        for (var i = 0; i < ModelStages.All.Count; i++)
        {
            if (ModelStages.All[i] == stage)
            {
                return i;
            }
        }

        return ModelStages.All.Count;
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(version))]
    private static string? VersionText(long? version) => version?.ToString(CultureInfo.InvariantCulture);

    private static ArgusException ModelNotFound(string name) => ArgusException.NotFound($"Registered Model with name={name} not found");

    private static ArgusException ModelExists(string name) => ArgusException.AlreadyExists($"Registered Model (name={name}) already exists.");

    private static ArgusException VersionNotFound(string name, long version) =>
        ArgusException.NotFound($"Model Version (name={name}, version={VersionText(version)}) not found");

    private sealed record VersionRow(
        string Name, long Version, long Created, long Updated, string? User, string Stage, string? Description, string Source,
        string? RunId, string Status, string? StatusMessage, string? RunLink);

    /// <summary>The store's registry with an explicit author: what needs a user is passed it, the rest is the store's.</summary>
    private sealed class UserRegistry(SqlTrackingStore store, string? user) : IModelRegistry
    {
        public Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyList<Tag> tags, CancellationToken cancellationToken) =>
            store.CreateRegisteredModelAsync(name, description, tags, user, cancellationToken);

        public Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
            store.GetRegisteredModelAsync(name, cancellationToken);

        public Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken) =>
            store.RenameRegisteredModelAsync(name, newName, cancellationToken);

        public Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken) =>
            store.UpdateRegisteredModelAsync(name, description, cancellationToken);

        public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
            store.DeleteRegisteredModelAsync(name, user, cancellationToken);

        public Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(RegisteredModelSearch search, CancellationToken cancellationToken) =>
            store.SearchRegisteredModelsAsync(search, cancellationToken);

        public Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string> stages, CancellationToken cancellationToken) =>
            store.GetLatestVersionsAsync(name, stages, cancellationToken);

        public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken) =>
            store.SetRegisteredModelTagAsync(name, key, value, cancellationToken);

        public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken) =>
            store.DeleteRegisteredModelTagAsync(name, key, cancellationToken);

        public Task SetAliasAsync(string name, string alias, string version, string? reason, CancellationToken cancellationToken) =>
            store.SetAliasAsync(name, alias, version, reason, user, cancellationToken);

        public Task DeleteAliasAsync(string name, string alias, string? reason, CancellationToken cancellationToken) =>
            store.DeleteAliasAsync(name, alias, reason, user, cancellationToken);

        public Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken) =>
            store.GetModelVersionByAliasAsync(name, alias, cancellationToken);

        public Task MoveAliasesAsync(string name, IReadOnlyList<AliasMove> moves, IReadOnlyList<AliasExpectation> expected, string? reason, CancellationToken cancellationToken) =>
            store.MoveAliasesAsync(name, moves, expected, reason, user, cancellationToken);

        public Task<ModelVersion> CreateModelVersionAsync(ModelVersionCreation creation, CancellationToken cancellationToken) =>
            store.CreateModelVersionAsync(creation, user, cancellationToken);

        public Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken) =>
            store.GetModelVersionAsync(name, version, cancellationToken);

        public Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken cancellationToken) =>
            store.UpdateModelVersionAsync(name, version, description, cancellationToken);

        public Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken) =>
            store.DeleteModelVersionAsync(name, version, user, cancellationToken);

        public Task<Page<ModelVersion>> SearchModelVersionsAsync(ModelVersionSearch search, CancellationToken cancellationToken) =>
            store.SearchModelVersionsAsync(search, cancellationToken);

        public Task<ModelVersion> TransitionModelVersionStageAsync(string name, string version, string stage, bool archiveExistingVersions, string? reason, CancellationToken cancellationToken) =>
            store.TransitionModelVersionStageAsync(name, version, stage, archiveExistingVersions, reason, user, cancellationToken);

        public Task<string> GetModelVersionDownloadUriAsync(string name, string version, CancellationToken cancellationToken) =>
            store.GetModelVersionDownloadUriAsync(name, version, cancellationToken);

        public Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken) =>
            store.SetModelVersionTagAsync(name, version, key, value, cancellationToken);

        public Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken) =>
            store.DeleteModelVersionTagAsync(name, version, key, cancellationToken);

        public Task<Page<RegistryEvent>> GetHistoryAsync(string name, int maxResults, string? pageToken, CancellationToken cancellationToken) =>
            store.GetHistoryAsync(name, maxResults, pageToken, cancellationToken);
    }
}
