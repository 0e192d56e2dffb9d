using Argus.Core.Errors;
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
