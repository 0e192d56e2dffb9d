using System.Net;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Training;
using Microsoft.Data.Sqlite;
using static Argus.Tests.Server.ServerFixture;

namespace Argus.Tests.Server.Hosting;

/// <summary>
/// Failures inside the server reach the client without its insides: a database error is a 500 that shows no SQL,
/// table, provider or path; a model that cannot be loaded is named by its registered source, not the server's
/// directory; a native XGBoost error comes without its stack trace.
/// </summary>
public sealed partial class ErrorHandlingMiddlewareTests
{
    [Fact]
    public async Task SqliteError_500ShowsNoSqlNoTableNoPath()
    {
        await using var broken = await ServerFixture.StartAsync(o => o);
        var experiment = await broken.CreateExperimentAsync();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(broken.RootDirectory, "argus.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE experiment_tags RENAME TO experiment_tags_gone";
            await command.ExecuteNonQueryAsync();
        }

        var reply = await broken.PostAsync(ServerFixture.Api + "/experiments/set-experiment-tag", $$"""{"experiment_id":"{{experiment}}","key":"k","value":"v"}""");

        reply.AssertError(HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
        Assert.Equal("Internal server error. The server log has the details.", reply.Message);
        ErrorBodies.AssertNothingInternal(reply.Text, broken.RootDirectory, "set-experiment-tag on a broken database");
        Assert.DoesNotContain("experiment_tags", reply.Text, StringComparison.Ordinal);
        Assert.Equal("OK", await broken.Client.GetStringAsync("/health"));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task ModelPackageMissing_NamedByItsRegisteredSourceNotTheServersDirectory()
    {
        var name = UniqueName("gone");
        const string source = "mlflow-artifacts:/nowhere/model";
        (await server.PostAsync(Api + "/registered-models/create", $$"""{"name":"{{name}}"}""")).AssertOk();
        (await server.PostAsync(Api + "/model-versions/create", $$"""{"name":"{{name}}","source":"{{source}}"}""")).AssertOk();

        var reply = await server.GetAsync($"/api/2.0/argus/model-versions/signature?name={name}&version=1");

        reply.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        reply.AssertMessageContains(source);
        ErrorBodies.AssertNothingInternal(reply.Message, server.RootDirectory, "signature of a version without a package");
        Assert.DoesNotContain(server.ArtifactsDirectory, reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("file://", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptBooster_XGBoostErrorWithoutStackTraceOrLibraryPaths()
    {
        using var training = new TempDirectory("argus-corrupt");
        string runId;
        await using (var tracker = await Tracker.CreateAsync(training.SqliteUri()))
        {
            runId = (await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 2 })).RunId;
        }

        var package = Path.Combine(server.ArtifactsDirectory, "corrupt", runId, "model");
        Directory.CreateDirectory(package);
        foreach (var file in Directory.GetFiles(training.Combine("artifacts", "0", runId, "artifacts", "model")))
        {
            File.Copy(file, Path.Combine(package, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(package, "model.json"), "{not json");
        var name = UniqueName("corrupt");
        (await server.PostAsync(Api + "/registered-models/create", $$"""{"name":"{{name}}"}""")).AssertOk();
        (await server.PostAsync(Api + "/model-versions/create", $$"""{"name":"{{name}}","source":"mlflow-artifacts:/corrupt/{{runId}}/model"}""")).AssertOk();

        var reply = await server.SendAsync(HttpMethod.Post, $"/api/2.0/argus/model-versions/predict?name={name}&version=1",
            Typed("""{"instances": [[16.99, "Female", "No", "Sun", "Dinner", 2]]}""", "application/json"));

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("XGBoost error");
        ErrorBodies.AssertNothingInternal(reply.Message, server.RootDirectory, "predict with a corrupt model.json");
    }
}
