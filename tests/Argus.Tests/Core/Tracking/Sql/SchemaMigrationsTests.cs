using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sql;
using Argus.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Argus.Tests.Core.Tracking.Sql;

[Collection(PostgresCollection.Name)]
public sealed class SchemaMigrationsTests(PostgresCluster cluster) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task OpenAsync_FreshDatabase_AppliesEveryStepOnce()
    {
        var uri = _directory.SqliteUri();
        await using (var store = await TrackingStores.OpenDatabaseAsync(uri, new TrackingStoreOptions(), CancellationToken.None))
        {
            Assert.Equal(SchemaMigrations.Latest, await store.GetSchemaVersionAsync(CancellationToken.None));
        }

        await using (var again = await TrackingStores.OpenDatabaseAsync(uri, new TrackingStoreOptions(), CancellationToken.None))
        {
            Assert.Equal(SchemaMigrations.Latest, await again.GetSchemaVersionAsync(CancellationToken.None));
        }

        await using var connection = new SqliteConnection($"Data Source={TrackingStores.SqlitePathOf(uri)}");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM argus_schema";
        Assert.Equal((long)SchemaMigrations.Latest, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task GetSchemaVersion_WithoutInitialize_ReadsZeroAndCreatesNothing()
    {
        var uri = _directory.SqliteUri();
        await using var store = await TrackingStores.OpenDatabaseAsync(uri, new TrackingStoreOptions(), CancellationToken.None, initialize: false);
        Assert.Equal(0, await store.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_SchemaNewerThanThisBuild_InvalidStateNamingBothVersions()
    {
        var uri = _directory.SqliteUri();
        await (await TrackingStores.OpenAsync(uri)).DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={TrackingStores.SqlitePathOf(uri)}"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "INSERT INTO argus_schema (version, applied_at) VALUES (99, 0)";
            await cmd.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<ArgusException>(() => TrackingStores.OpenAsync(uri));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        Assert.Contains("99", e.Message, StringComparison.Ordinal);
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_OldSchemaWithoutMigrateOnOpen_TellsToRunDbUpgrade()
    {
        var uri = _directory.SqliteUri();
        var e = await Assert.ThrowsAsync<ArgusException>(() => TrackingStores.OpenAsync(uri, new TrackingStoreOptions { MigrateOnOpen = false }));
        Assert.Contains("argus db upgrade", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_VersionOneDatabase_UpgradesToTheRegistryAndKeepsTrackingData()
    {
        var uri = _directory.SqliteUri();
        await using (var connection = new SqliteConnection($"Data Source={TrackingStores.SqlitePathOf(uri)}"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed DDL from SchemaMigrations and constants; no user input.
            cmd.CommandText =
                "CREATE TABLE argus_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);" +
                SchemaMigrations.Steps(SqlDialect.Sqlite)[0] +
                ";INSERT INTO argus_schema (version, applied_at) VALUES (1, 0);" +
                "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (7, 'kept', 'file:///a/7', 'active', 1, 1);";
#pragma warning restore CA2100
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = await TrackingStores.OpenDatabaseAsync(uri, new TrackingStoreOptions(), CancellationToken.None);
        Assert.Equal(SchemaMigrations.Latest, await store.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal("kept", (await store.GetExperimentAsync("7", CancellationToken.None)).Name);
        var registry = Argus.Core.Registry.ModelRegistries.For(store);
        await registry.CreateRegisteredModelAsync("upgraded", null, [], CancellationToken.None);
        Assert.Equal("1", (await registry.CreateModelVersionAsync(new Argus.Core.Registry.ModelVersionCreation("upgraded", "s3://b/m"), CancellationToken.None)).Version);
    }

    [Fact]
    public async Task OpenAsync_VersionThreeSqliteDatabase_UpgradesToPipelinesAndKeepsAlerts()
    {
        var uri = _directory.SqliteUri();
        await using (var connection = new SqliteConnection($"Data Source={TrackingStores.SqlitePathOf(uri)}"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed DDL from SchemaMigrations and constants; no user input.
            cmd.CommandText = VersionThree(SqlDialect.Sqlite);
#pragma warning restore CA2100
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = await TrackingStores.OpenDatabaseAsync(uri, new TrackingStoreOptions(), CancellationToken.None);
        await AssertUpgradedFromVersionThreeAsync(store);
    }

    [Fact]
    public async Task OpenAsync_VersionThreePostgresDatabase_UpgradesToPipelinesAndKeepsAlerts()
    {
        var uri = await cluster.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(TrackingStores.PostgresConnectionString(uri)))
        {
            await connection.OpenAsync();
#pragma warning disable CA2100 // Fixed DDL from SchemaMigrations and constants; no user input.
            await using var cmd = new NpgsqlCommand(VersionThree(SqlDialect.Postgres), connection);
#pragma warning restore CA2100
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = await TrackingStores.OpenDatabaseAsync(uri, new TrackingStoreOptions(), CancellationToken.None);
        await AssertUpgradedFromVersionThreeAsync(store);
    }

    /// <summary>A database as Argus with schema version 3 left it: tracking, registry and one received alert.</summary>
    private static string VersionThree(SqlDialect dialect)
    {
        var steps = SchemaMigrations.Steps(dialect);
        return "CREATE TABLE argus_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);" +
               steps[0] + ";" + steps[1] + ";" + steps[2] + ";" +
               "INSERT INTO argus_schema (version, applied_at) VALUES (1, 0), (2, 0), (3, 0);" +
               "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (7, 'kept', 'file:///a/7', 'active', 1, 1);" +
               "INSERT INTO alerts (fingerprint, status, alertname, labels, annotations, starts_at, received_at) VALUES ('f1', 'firing', 'ModelDriftHigh', '{}', '{}', 1, 2);";
    }

    private static async Task AssertUpgradedFromVersionThreeAsync(SqlTrackingStore store)
    {
        var ct = CancellationToken.None;
        Assert.Equal(SchemaMigrations.Latest, await store.GetSchemaVersionAsync(ct));
        Assert.Equal("kept", (await store.GetExperimentAsync("7", ct)).Name);
        Assert.Equal("f1", Assert.Single((await store.SearchAlertsAsync(new Argus.Core.Alerts.AlertQuery(), ct)).Items).Alert.Fingerprint);

        IPipelineStore pipelines = store;
        var run = new PipelineRun
        {
            RunId = string.Empty,
            Pipeline = "upgraded",
            State = PipelineRunState.Running,
            Trigger = PipelineTrigger.Manual,
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(1_000),
            Heartbeat = DateTimeOffset.FromUnixTimeMilliseconds(1_000),
            Owner = "test",
            Definition = "name: upgraded\n",
            Steps = [new StepRun { Step = "train", Kind = "command", State = StepState.Pending }],
        };
        var started = await pipelines.StartRunAsync(run, ct);
        await pipelines.AppendStepLogAsync(started.RunId, "train", "hello", ct);
        Assert.Equal("hello", await pipelines.GetStepLogAsync(started.RunId, "train", ct));
        Assert.Equal(ErrorCode.ResourceConflict, (await Assert.ThrowsAsync<ArgusException>(() => pipelines.StartRunAsync(run, ct))).Code);
        await pipelines.SetScheduleAsync(new PipelineSchedule { Pipeline = "upgraded", Cron = "0 * * * *", Definition = "name: upgraded\n" }, ct);
        Assert.True(await pipelines.ClaimTickAsync("upgraded", DateTimeOffset.FromUnixTimeMilliseconds(3_600_000), "test", ct));
    }

    [Fact]
    public async Task OpenAsync_VersionFourSqliteDatabase_UpgradesToAuthAndKeepsData()
    {
        var uri = _directory.SqliteUri();
        await using (var connection = new SqliteConnection($"Data Source={TrackingStores.SqlitePathOf(uri)}"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed DDL from SchemaMigrations and constants; no user input.
            cmd.CommandText = VersionFour(SqlDialect.Sqlite);
#pragma warning restore CA2100
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = await TrackingStores.OpenDatabaseAsync(uri, new TrackingStoreOptions(), CancellationToken.None);
        await AssertUpgradedFromVersionFourAsync(store);
    }

    [Fact]
    public async Task OpenAsync_VersionFourPostgresDatabase_UpgradesToAuthAndKeepsData()
    {
        var uri = await cluster.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(TrackingStores.PostgresConnectionString(uri)))
        {
            await connection.OpenAsync();
#pragma warning disable CA2100 // Fixed DDL from SchemaMigrations and constants; no user input.
            await using var cmd = new NpgsqlCommand(VersionFour(SqlDialect.Postgres), connection);
#pragma warning restore CA2100
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = await TrackingStores.OpenDatabaseAsync(uri, new TrackingStoreOptions(), CancellationToken.None);
        await AssertUpgradedFromVersionFourAsync(store);
    }

    /// <summary>A database as Argus with schema version 4 left it: an experiment and a registered model, no users.</summary>
    private static string VersionFour(SqlDialect dialect)
    {
        var steps = SchemaMigrations.Steps(dialect);
        return "CREATE TABLE argus_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);" +
               string.Join(";", steps.Take(4)) + ";" +
               "INSERT INTO argus_schema (version, applied_at) VALUES (1, 0), (2, 0), (3, 0), (4, 0);" +
               "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (7, 'kept', 'file:///a/7', 'active', 1, 1);" +
               "INSERT INTO registered_models (name, creation_time, last_updated_time) VALUES ('kept-model', 1, 1);";
    }

    private static async Task AssertUpgradedFromVersionFourAsync(SqlTrackingStore store)
    {
        var ct = CancellationToken.None;
        Assert.Equal(SchemaMigrations.Latest, await store.GetSchemaVersionAsync(ct));
        Argus.Core.Auth.IAuthStore auth = store;
        Assert.Empty(await auth.ListUsersAsync(ct));
        await auth.CreateUserAsync("bob", "pbkdf2-sha256$1$c2FsdA==$aGFzaA==", false, null, ct);
        await auth.CreatePermissionAsync(Argus.Core.Auth.ResourceKind.Experiment, "7", "bob", Argus.Core.Auth.Permission.Read, null, ct);
        await auth.CreatePermissionAsync(Argus.Core.Auth.ResourceKind.RegisteredModel, "kept-model", "bob", Argus.Core.Auth.Permission.Edit, null, ct);
        Assert.Equal(2, (await auth.ListPermissionsAsync("bob", ct)).Count);
    }

    [Fact]
    public async Task OpenAsync_EightReplicasStartTogetherOnPostgres_MigrateOnce()
    {
        var uri = await cluster.CreateDatabaseAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TrackingStores.OpenAsync(uri)));
        foreach (var store in stores)
        {
            Assert.Equal("Default", (await store.GetExperimentAsync("0", CancellationToken.None)).Name);
            await store.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(TrackingStores.PostgresConnectionString(uri));
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT COUNT(*) FROM argus_schema", connection);
        Assert.Equal((long)SchemaMigrations.Latest, await cmd.ExecuteScalarAsync());
    }
}
