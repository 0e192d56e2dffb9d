using System.Data.Common;
using System.Globalization;
using Argus.Core.Auth;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// Users, tokens, sessions, permissions and the audit log in the tracking database. Each change the audit log covers
/// writes its entry in the same transaction. A permission on an experiment is keyed by its numeric id, on a registered
/// model by its name (renames carry it along through the foreign key).
/// </summary>
internal abstract partial class SqlTrackingStore : IAuthStore
{
    private const string UserColumns = "u.id, u.username, u.is_admin, u.created_at";

    private const string TokenColumns = "t.id, u.username, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at";

    // ---------------------------------------------------------------- users

    public async Task<AuthUser> CreateUserAsync(string userName, string passwordHash, bool isAdmin, string? actor, CancellationToken cancellationToken)
    {
        AuthValidator.UserName(userName);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var user = await InsertUserAsync(scope, userName, passwordHash, isAdmin, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(scope, actor, AuditActions.UserCreate, UserTarget(userName), null, isAdmin ? "admin" : "user", cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return user;
    }

    public async Task<bool> CreateFirstAdminAsync(string userName, string passwordHash, CancellationToken cancellationToken)
    {
        AuthValidator.UserName(userName);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        if (await ScalarAsync(scope, "SELECT 1 FROM users LIMIT 1", null, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await InsertUserAsync(scope, userName, passwordHash, isAdmin: true, cancellationToken).ConfigureAwait(false);
            await AppendAuditAsync(scope, null, AuditActions.UserCreate, UserTarget(userName), null, "admin", cancellationToken).ConfigureAwait(false);
            await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ArgusException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
        {
            // Another replica bootstrapped at the same moment.
            return false;
        }
    }

    private async Task<AuthUser> InsertUserAsync(WriteScope scope, string userName, string passwordHash, bool isAdmin, CancellationToken cancellationToken)
    {
        var now = Now;
        var p = new SqlParameters();
        try
        {
            var id = await ScalarAsync(scope,
                $"INSERT INTO users (username, password_hash, is_admin, created_at, updated_at) VALUES ({p.Add(userName)}, {p.Add(passwordHash)}, {p.Add(isAdmin ? 1 : 0)}, {p.Add(now)}, {p.Add(now)}) " +
                "ON CONFLICT (username) DO NOTHING RETURNING id",
                p, cancellationToken).ConfigureAwait(false);
            return id is null
                ? throw UserExists(userName)
                : new AuthUser(Convert.ToInt64(id, CultureInfo.InvariantCulture), userName, isAdmin, DateTimeOffset.FromUnixTimeMilliseconds(now));
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e))
        {
            throw UserExists(userName);
        }
    }

    public async Task<AuthUser?> FindUserAsync(string userName, CancellationToken cancellationToken) =>
        (await FindCredentialsAsync(userName, cancellationToken).ConfigureAwait(false))?.User;

    public async Task<UserCredentials?> FindCredentialsAsync(string userName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return null;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await using var cmd = Command(connection, null, $"SELECT {UserColumns}, u.password_hash FROM users u WHERE u.username = {p.Add(userName)}", p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new UserCredentials(ReadUser(reader, 0), reader.GetString(4)) : null;
    }

    public async Task<IReadOnlyList<AuthUser>> ListUsersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(connection, null, $"SELECT {UserColumns} FROM users u ORDER BY u.username", null);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var users = new List<AuthUser>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            users.Add(ReadUser(reader, 0));
        }

        return users;
    }

    public async Task SetPasswordHashAsync(string userName, string passwordHash, string? actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var changed = await ExecAsync(scope,
            $"UPDATE users SET password_hash = {p.Add(passwordHash)}, updated_at = {p.Add(Now)} WHERE username = {p.Add(userName)}", p, cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw UserNotFound(userName);
        }

        // Sessions signed in with the old password end with it.
        p = new SqlParameters();
        await ExecAsync(scope, $"DELETE FROM auth_sessions WHERE user_id = (SELECT id FROM users WHERE username = {p.Add(userName)})", p, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(scope, actor, AuditActions.UserPassword, UserTarget(userName), null, null, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SetAdminAsync(string userName, bool isAdmin, string? actor, CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var before = await ScalarAsync(scope, $"SELECT is_admin FROM users WHERE username = {p.Add(userName)}", p, cancellationToken).ConfigureAwait(false)
            ?? throw UserNotFound(userName);
        var was = Convert.ToInt64(before, CultureInfo.InvariantCulture) != 0;
        p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE users SET is_admin = {p.Add(isAdmin ? 1 : 0)}, updated_at = {p.Add(Now)} WHERE username = {p.Add(userName)}", p, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(scope, actor, AuditActions.UserAdmin, UserTarget(userName), Bool(was), Bool(isAdmin), cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteUserAsync(string userName, string? actor, CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        if (await ExecAsync(scope, $"DELETE FROM users WHERE username = {p.Add(userName)}", p, cancellationToken).ConfigureAwait(false) == 0)
        {
            throw UserNotFound(userName);
        }

        await AppendAuditAsync(scope, actor, AuditActions.UserDelete, UserTarget(userName), null, null, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- tokens

    public async Task<ApiToken> CreateTokenAsync(string userName, string name, string tokenHash, DateTimeOffset? expiresAt, string? actor, CancellationToken cancellationToken)
    {
        AuthValidator.TokenName(name);
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var userId = await UserIdAsync(scope, userName, cancellationToken).ConfigureAwait(false);
        var now = Now;
        var expires = expiresAt?.ToUnixTimeMilliseconds();
        var p = new SqlParameters();
        var id = Convert.ToInt64(await ScalarAsync(scope,
            $"INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ({p.Add(userId)}, {p.Add(name)}, {p.Add(tokenHash)}, {p.Add(now)}, {p.Add(expires)}) RETURNING id",
            p, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await AppendAuditAsync(scope, actor, AuditActions.TokenCreate, TokenTarget(id, userName), null,
            name + (expires is { } e ? " (expires " + DateTimeOffset.FromUnixTimeMilliseconds(e).ToString("u", CultureInfo.InvariantCulture) + ")" : string.Empty),
            cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ApiToken(id, userName, name, DateTimeOffset.FromUnixTimeMilliseconds(now), expiresAt is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(expires!.Value), null, null);
    }

    public async Task<TokenMatch?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await using var cmd = Command(connection, null,
            $"SELECT {TokenColumns}, {UserColumns} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = {p.Add(tokenHash)}", p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new TokenMatch(ReadToken(reader), ReadUser(reader, 7)) : null;
    }

    public async Task<ApiToken> GetTokenAsync(long id, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var found = await QueryTokensAsync($"SELECT {TokenColumns} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = {p.Add(id)}", p, cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : throw TokenNotFound(id);
    }

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var where = userName is null ? string.Empty : $" WHERE u.username = {p.Add(userName)}";
        return QueryTokensAsync($"SELECT {TokenColumns} FROM api_tokens t JOIN users u ON u.id = t.user_id{where} ORDER BY t.id DESC", p, cancellationToken);
    }

    public async Task RevokeTokenAsync(long id, string? actor, CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        string? owner = null;
        bool revoked;
        await using (var cmd = Command(scope.Connection, scope.Transaction,
            $"SELECT u.username, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = {p.Add(id)}", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw TokenNotFound(id);
            }

            owner = reader.GetString(0);
            revoked = !reader.IsDBNull(1);
        }

        if (!revoked)
        {
            p = new SqlParameters();
            await ExecAsync(scope, $"UPDATE api_tokens SET revoked_at = {p.Add(Now)} WHERE id = {p.Add(id)}", p, cancellationToken).ConfigureAwait(false);
            await AppendAuditAsync(scope, actor, AuditActions.TokenRevoke, TokenTarget(id, owner), "active", "revoked", cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task TouchTokenAsync(long id, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE api_tokens SET last_used_at = {p.Add(usedAt.ToUnixTimeMilliseconds())} WHERE id = {p.Add(id)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ApiToken>> QueryTokensAsync(string sql, SqlParameters p, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(connection, null, sql, p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tokens = new List<ApiToken>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(ReadToken(reader));
        }

        return tokens;
    }

    // ---------------------------------------------------------------- sessions

    public async Task CreateSessionAsync(string sessionHash, long userId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await ExecAsync(scope, $"DELETE FROM auth_sessions WHERE expires_at <= {p.Add(now)}", p, cancellationToken).ConfigureAwait(false);
        p = new SqlParameters();
        await ExecAsync(scope,
            $"INSERT INTO auth_sessions (session_hash, user_id, created_at, expires_at) VALUES ({p.Add(sessionHash)}, {p.Add(userId)}, {p.Add(now)}, {p.Add(expiresAt.ToUnixTimeMilliseconds())})",
            p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuthUser?> FindSessionUserAsync(string sessionHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await using var cmd = Command(connection, null,
            $"SELECT {UserColumns} FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.session_hash = {p.Add(sessionHash)} AND s.expires_at > {p.Add(now.ToUnixTimeMilliseconds())}", p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadUser(reader, 0) : null;
    }

    public async Task DeleteSessionAsync(string sessionHash, CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await ExecAsync(scope, $"DELETE FROM auth_sessions WHERE session_hash = {p.Add(sessionHash)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- permissions

    public async Task<ResourcePermission> CreatePermissionAsync(
        ResourceKind kind, string resource, string userName, Permission permission, string? actor, CancellationToken cancellationToken)
    {
        var key = ResourceKey(kind, resource);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var userId = await UserIdAsync(scope, userName, cancellationToken).ConfigureAwait(false);
        await RequireResourceAsync(scope, kind, resource, key, cancellationToken).ConfigureAwait(false);
        var (table, column) = PermissionTable(kind);
        var p = new SqlParameters();
        var inserted = await ExecAsync(scope,
            $"INSERT INTO {table} (user_id, {column}, permission) VALUES ({p.Add(userId)}, {p.Add(key)}, {p.Add(permission.WireName())}) ON CONFLICT DO NOTHING",
            p, cancellationToken).ConfigureAwait(false);
        if (inserted == 0)
        {
            throw ArgusException.AlreadyExists($"User '{userName}' already has a permission on {ResourceTarget(kind, resource)}; update it instead.");
        }

        await AppendAuditAsync(scope, actor, AuditActions.PermissionCreate, PermissionTarget(kind, resource, userName), null, permission.WireName(), cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ResourcePermission(kind, resource, userName, userId, permission);
    }

    public async Task<ResourcePermission> UpdatePermissionAsync(
        ResourceKind kind, string resource, string userName, Permission permission, string? actor, CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (userId, table, column, key, before) = await GrantedAsync(scope, kind, resource, userName, cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE {table} SET permission = {p.Add(permission.WireName())} WHERE user_id = {p.Add(userId)} AND {column} = {p.Add(key)}", p, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(scope, actor, AuditActions.PermissionUpdate, PermissionTarget(kind, resource, userName), before, permission.WireName(), cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ResourcePermission(kind, resource, userName, userId, permission);
    }

    // The grant a user has on a resource, with where it is stored; PermissionNotFound when there is none.
    private async Task<(long UserId, string Table, string Column, object Key, string Before)> GrantedAsync(
        WriteScope scope, ResourceKind kind, string resource, string userName, CancellationToken cancellationToken)
    {
        var key = ResourceKey(kind, resource);
        var userId = await UserIdAsync(scope, userName, cancellationToken).ConfigureAwait(false);
        var (table, column) = PermissionTable(kind);
        var p = new SqlParameters();
        var before = await ScalarAsync(scope, $"SELECT permission FROM {table} WHERE user_id = {p.Add(userId)} AND {column} = {p.Add(key)}", p, cancellationToken).ConfigureAwait(false) as string
            ?? throw PermissionNotFound(kind, resource, userName);
        return (userId, table, column, key, before);
    }

    public async Task DeletePermissionAsync(ResourceKind kind, string resource, string userName, string? actor, CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (userId, table, column, key, before) = await GrantedAsync(scope, kind, resource, userName, cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await ExecAsync(scope, $"DELETE FROM {table} WHERE user_id = {p.Add(userId)} AND {column} = {p.Add(key)}", p, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(scope, actor, AuditActions.PermissionDelete, PermissionTarget(kind, resource, userName), before, null, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourcePermission?> FindPermissionAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken)
    {
        var user = await FindUserAsync(userName, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        var permission = await GetPermissionAsync(kind, resource, user.Id, cancellationToken).ConfigureAwait(false);
        return permission is { } granted ? new ResourcePermission(kind, resource, user.Name, user.Id, granted) : null;
    }

    public async Task<Permission?> GetPermissionAsync(ResourceKind kind, string resource, long userId, CancellationToken cancellationToken)
    {
        object key;
        if (kind == ResourceKind.Experiment)
        {
            if (!long.TryParse(resource, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            key = id;
        }
        else
        {
            key = resource;
        }

        var (table, column) = PermissionTable(kind);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await using var cmd = Command(connection, null, $"SELECT permission FROM {table} WHERE user_id = {p.Add(userId)} AND {column} = {p.Add(key)}", p);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text ? Permissions.Parse(text) : null;
    }

    public async Task<RunAccess> GetRunAccessAsync(string runId, long userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(runId))
        {
            throw ArgusException.MissingParameter("run_id");
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await using var cmd = Command(connection, null,
            "SELECT r.experiment_id, ep.permission FROM runs r " +
            $"LEFT JOIN experiment_permissions ep ON ep.experiment_id = r.experiment_id AND ep.user_id = {p.Add(userId)} WHERE r.run_uuid = {p.Add(runId)}", p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw RunNotFound(runId);
        }

        return new RunAccess(reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.IsDBNull(1) ? null : Permissions.Parse(reader.GetString(1)));
    }

    public async Task<IReadOnlyList<ResourcePermission>> ListPermissionsAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var user = p.Add(userName);
        await using var cmd = Command(connection, null,
            "SELECT 0, CAST(ep.experiment_id AS TEXT), u.id, ep.permission, ep.experiment_id, '' FROM experiment_permissions ep JOIN users u ON u.id = ep.user_id " +
            $"WHERE u.username = {user} " +
            "UNION ALL SELECT 1, mp.name, u.id, mp.permission, 0, mp.name FROM registered_model_permissions mp JOIN users u ON u.id = mp.user_id " +
            $"WHERE u.username = {user} ORDER BY 1, 5, 6", p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var permissions = new List<ResourcePermission>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var kind = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture) == 0 ? ResourceKind.Experiment : ResourceKind.RegisteredModel;
            permissions.Add(new ResourcePermission(kind, reader.GetString(1), userName, reader.GetInt64(2), Permissions.Parse(reader.GetString(3))));
        }

        return permissions;
    }

    /// <summary>
    /// The SQL condition that <paramref name="column"/> (an experiment id or a registered model name) is readable under
    /// <paramref name="access"/>: explicitly READ or more, or, when the default allows reading, not explicitly denied.
    /// </summary>
    private static string ReadableCondition(ResourceKind kind, string column, ReadAccess access, SqlParameters p)
    {
        var (table, key) = PermissionTable(kind);
        var user = p.Add(access.UserId);
        var denied = p.Add(Permission.NoPermissions.WireName());
        return access.DefaultReadable
            ? $"{column} NOT IN (SELECT {key} FROM {table} WHERE user_id = {user} AND permission = {denied})"
            : $"{column} IN (SELECT {key} FROM {table} WHERE user_id = {user} AND permission <> {denied})";
    }

    private async Task RequireResourceAsync(WriteScope scope, ResourceKind kind, string resource, object key, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var sql = kind == ResourceKind.Experiment
            ? $"SELECT 1 FROM experiments WHERE experiment_id = {p.Add(key)}"
            : $"SELECT 1 FROM registered_models WHERE name = {p.Add(key)}";
        if (await ScalarAsync(scope, sql, p, cancellationToken).ConfigureAwait(false) is null)
        {
            throw kind == ResourceKind.Experiment ? ExperimentNotFound(resource) : ArgusException.NotFound($"Registered Model with name={resource} not found");
        }
    }

    private static object ResourceKey(ResourceKind kind, string resource)
    {
        if (string.IsNullOrEmpty(resource))
        {
            throw ArgusException.MissingParameter(kind == ResourceKind.Experiment ? "experiment_id" : "name");
        }

        return kind == ResourceKind.Experiment ? ParseExperimentId(resource) : resource;
    }

    private static (string Table, string Column) PermissionTable(ResourceKind kind) =>
        kind == ResourceKind.Experiment ? ("experiment_permissions", "experiment_id") : ("registered_model_permissions", "name");

    // ---------------------------------------------------------------- audit

    public async Task<Page<AuditEntry>> SearchAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = TrackingValidator.MaxResults(query.MaxResults, AuditQuery.DefaultMaxResults, AuditQuery.MaxMaxResults);
        var p = new SqlParameters();
        var where = new List<string>();
        if (!string.IsNullOrEmpty(query.Action))
        {
            where.Add($"a.action = {p.Add(query.Action)}");
        }

        if (!string.IsNullOrEmpty(query.Actor))
        {
            where.Add($"a.actor = {p.Add(query.Actor)}");
        }

        if (!string.IsNullOrEmpty(query.PageToken))
        {
            where.Add($"a.id < {p.Add(TrackingJson.DecodePageToken(query.PageToken))}");
        }

        var sql = "SELECT a.id, a.timestamp, a.actor, a.action, a.target, a.old_value, a.new_value FROM audit_log a" +
                  (where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where)) +
                  $" ORDER BY a.id DESC LIMIT {p.Add((long)limit + 1)}";
        var entries = new List<AuditEntry>();
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var cmd = Command(connection, null, sql, p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new AuditEntry(
                    reader.GetInt64(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        if (entries.Count <= limit)
        {
            return new Page<AuditEntry>(entries, null);
        }

        entries.RemoveAt(entries.Count - 1);
        return new Page<AuditEntry>(entries, TrackingJson.EncodePageToken(entries[^1].Id));
    }

    private async Task AppendAuditAsync(WriteScope scope, string? actor, string action, string target, string? oldValue, string? newValue, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        await ExecAsync(scope,
            $"INSERT INTO audit_log (timestamp, actor, action, target, old_value, new_value) VALUES ({p.Add(Now)}, {p.Add(actor)}, {p.Add(action)}, {p.Add(target)}, {p.Add(oldValue)}, {p.Add(newValue)})",
            p, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit entry of a registry event (an alias set, moved or removed; a stage transition), written beside it.</summary>
    private Task AuditRegistryEventAsync(WriteScope scope, string name, string kind, string subject, string? from, string? to, string? user, CancellationToken cancellationToken) =>
        kind == RegistryEventKinds.Alias
            ? AppendAuditAsync(scope, user, to is null ? AuditActions.AliasDelete : AuditActions.AliasSet, $"registered_model/{name} alias/{subject}", from, to, cancellationToken)
            : AppendAuditAsync(scope, user, AuditActions.StageTransition, $"registered_model/{name} version/{subject}", from, to, cancellationToken);

    // ---------------------------------------------------------------- helpers

    private static AuthUser ReadUser(DbDataReader reader, int first) => new(
        reader.GetInt64(first),
        reader.GetString(first + 1),
        Convert.ToInt64(reader.GetValue(first + 2), CultureInfo.InvariantCulture) != 0,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 3)));

    private static ApiToken ReadToken(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        Time(reader, 4),
        Time(reader, 5),
        Time(reader, 6));

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static async Task<long> UserIdAsync(WriteScope scope, string userName, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var id = await ScalarAsync(scope, $"SELECT id FROM users WHERE username = {p.Add(userName)}", p, cancellationToken).ConfigureAwait(false);
        return id is null ? throw UserNotFound(userName) : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string UserTarget(string userName) => "user/" + userName;

    private static string TokenTarget(long id, string userName) => string.Create(CultureInfo.InvariantCulture, $"token/{id} user/{userName}");

    private static string ResourceTarget(ResourceKind kind, string resource) =>
        (kind == ResourceKind.Experiment ? "experiment/" : "registered_model/") + resource;

    private static string PermissionTarget(ResourceKind kind, string resource, string userName) => ResourceTarget(kind, resource) + " user/" + userName;

    private static ArgusException UserNotFound(string userName) => ArgusException.NotFound($"User with username={userName} not found");

    private static ArgusException UserExists(string userName) => ArgusException.AlreadyExists($"User (username={userName}) already exists.");

    private static ArgusException TokenNotFound(long id) => ArgusException.NotFound(string.Create(CultureInfo.InvariantCulture, $"Token with id={id} not found"));

    private static ArgusException PermissionNotFound(ResourceKind kind, string resource, string userName) =>
        ArgusException.NotFound($"User '{userName}' has no permission on {ResourceTarget(kind, resource)}.");
}
