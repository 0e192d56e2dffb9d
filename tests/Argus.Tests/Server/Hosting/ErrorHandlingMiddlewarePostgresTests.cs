using System.Net;
using Argus.Tests.Infrastructure;
using Npgsql;

namespace Argus.Tests.Server.Hosting;

/// <summary>A PostgreSQL error inside <c>argus server</c> is a 500 that shows no SQL, relation, provider or SQLSTATE.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ErrorHandlingMiddlewarePostgresTests(PostgresCluster cluster)
{
    [Fact]
    public async Task PostgresError_500ShowsNoSqlNoRelation()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var server = await ServerFixture.StartAsync(o => o with { BackendStoreUri = database });
        var experiment = await server.CreateExperimentAsync();
        await using (var connection = new NpgsqlConnection(Argus.Core.Tracking.TrackingStores.PostgresConnectionString(database)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("ALTER TABLE experiment_tags RENAME TO experiment_tags_gone", connection);
            await command.ExecuteNonQueryAsync();
        }

        var reply = await server.PostAsync(ServerFixture.Api + "/experiments/set-experiment-tag", $$"""{"experiment_id":"{{experiment}}","key":"k","value":"v"}""");

        reply.AssertError(HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
        ErrorBodies.AssertNothingInternal(reply.Text, server.RootDirectory, "set-experiment-tag on a broken database");
        Assert.DoesNotContain("experiment_tags", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("42P01", reply.Text, StringComparison.Ordinal);
    }
}
