using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Argus.Core.Artifacts;
using Argus.Core.Tracking.Sdk;
using Argus.Server.Hosting;
using Argus.Server.Serving;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Training;
using static Argus.Tests.Server.ServerFixture;

namespace Argus.Tests.Server.Hosting;

/// <summary>
/// A server whose artifacts destination is <c>s3://bucket/prefix</c> (a real moto server): the proxied artifact routes
/// store under the prefix, clients need no S3 credentials, and the server's own readers (run listings, the predict
/// endpoint, a mounted model) read from S3.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class ArtifactStorageTests(MotoServer moto)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task ProxiedArtifacts_S3Destination_UploadListDownloadDeleteUnderPrefix()
    {
        var bucket = await moto.CreateBucketAsync();
        await using var server = await ServerFixture.StartAsync(o => o with { ArtifactsDestination = $"s3://{bucket}/proxied", S3 = moto.Options() });
        var (runId, root) = await NewRunAsync(server);
        var bytes = new byte[100_000];
        new Random(3).NextBytes(bytes);

        (await PutAsync(server, $"{root}/model/a.bin", new ByteArrayContent(bytes))).AssertOk();
        (await PutAsync(server, $"{root}/model/sub/b.txt", new ByteArrayContent("hi"u8.ToArray()))).AssertOk();

        Assert.Equal([$"proxied/{root}/model/a.bin", $"proxied/{root}/model/sub/b.txt"], await moto.KeysAsync(bucket));
        var download = await server.GetAsync($"{ArtifactsApi}/{root}/model/a.bin");
        download.AssertOk();
        Assert.Equal(bytes, download.Body);

        var listing = await server.GetAsync($"{ArtifactsApi}?path={Q(root + "/model")}");
        listing.AssertOk();
        var files = listing.Json.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["a.bin", "sub"], files.Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(100_000, files[0].GetProperty("file_size").GetInt64());
        Assert.True(files[1].GetProperty("is_dir").GetBoolean());

        var runListing = await server.GetAsync($"{Api}/artifacts/list?run_id={runId}&path=model");
        runListing.AssertOk();
        Assert.Equal(["model/a.bin", "model/sub"], runListing.Json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        var viaRun = await server.GetAsync($"/get-artifact?run_id={runId}&path=model/sub/b.txt");
        viaRun.AssertOk();
        Assert.Equal("hi", viaRun.Text);

        (await server.SendAsync(HttpMethod.Delete, $"{ArtifactsApi}/{root}/model", null)).AssertOk();
        Assert.Empty(await moto.KeysAsync(bucket));
        (await server.GetAsync($"{ArtifactsApi}/{root}/model/a.bin")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task ProxiedUpload_ChunkedBodyOverLimit_413AndMultipartAborted()
    {
        var bucket = await moto.CreateBucketAsync();
        await using var server = await ServerFixture.StartAsync(o => o with
        {
            ArtifactsDestination = $"s3://{bucket}/proxied",
            S3 = moto.Options(s => s with { MultipartThreshold = 64 * 1024, PartSize = 16 * 1024 }),
            MaxArtifactBytes = 256 * 1024,
        });

        // No Content-Length, so the limit is met while the body streams, past the multipart threshold.
        var reply = await PutAsync(server, "big/model.bin", new ChunkedContent(new byte[512 * 1024]));

        reply.AssertError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE");
        Assert.Empty(await moto.KeysAsync(bucket));
        Assert.Empty(await moto.PendingUploadsAsync(bucket));
    }

    [Fact]
    public async Task ProxiedArtifacts_BucketMissing_ClearErrorWithoutSecrets()
    {
        await using var server = await ServerFixture.StartAsync(o => o with { ArtifactsDestination = "s3://argus-missing-bucket/p", S3 = moto.Options() });

        var reply = await PutAsync(server, "a/b.txt", new ByteArrayContent([1]));

        reply.AssertError(HttpStatusCode.InternalServerError, "INVALID_STATE");
        reply.AssertMessageContains("S3 bucket 'argus-missing-bucket' does not exist");
        Assert.DoesNotContain(MotoServer.SecretKey, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArgusServerCommand_S3Flags_ProxiesToBucketWithCredentialsFromEnvironment()
    {
        var bucket = await moto.CreateBucketAsync();
        using var directory = new TempDirectory("argus-s3-cli");
        var environment = moto.ChildEnvironment.Where(e => e.Key != S3ArtifactOptions.EndpointVariable).ToDictionary();
        await using var process = await ArgusProcess.StartServerAsync(directory.SqliteUri(), $"s3://{bucket}/from-cli",
            ["--s3-endpoint-url", moto.Endpoint.ToString(), "--s3-region", "eu-west-1", "--s3-path-style"], environment);
        using var http = new HttpClient { BaseAddress = process.Url };

        using (var put = await http.PutAsync($"{ArtifactsApi}/x/y.txt", new ByteArrayContent("from the CLI"u8.ToArray()), Ct))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
        }

        Assert.Equal(["from-cli/x/y.txt"], await moto.KeysAsync(bucket));
        Assert.Equal("from the CLI", await http.GetStringAsync($"{ArtifactsApi}/x/y.txt", Ct));
        Assert.Contains("\"path\":\"y.txt\"", await http.GetStringAsync($"{ArtifactsApi}?path=x", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsInS3_PredictEndpointAndMountedServing_LoadFromDestination()
    {
        var bucket = await moto.CreateBucketAsync();
        using var directory = new TempDirectory("argus-s3-serving");
        var destination = $"s3://{bucket}/artifacts";
        string runId, source;
        await using (var server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = directory.SqliteUri(),
            ArtifactsDestination = destination,
            S3 = moto.Options(),
            Scheduler = new() { Enabled = false },
        }, Ct))
        {
            await using (var tracker = await Tracker.CreateAsync(server.Url.AbsoluteUri))
            {
                runId = (await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 10 })).RunId;
            }

            using var http = new HttpClient { BaseAddress = server.Url };
            var run = await http.GetStringAsync($"{Api}/runs/get?run_id={runId}", Ct);
            var artifactUri = System.Text.Json.JsonDocument.Parse(run).RootElement.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!;
            source = artifactUri + "/model";
            Assert.Contains($"artifacts/{ArtifactRepositories.ProxyPath(source)}/{Argus.XGBoost.Models.ModelManifest.FileName}", await moto.KeysAsync(bucket));
            await PostOkAsync(http, Api + "/registered-models/create", """{"name":"tips"}""");
            await PostOkAsync(http, Api + "/model-versions/create", $$"""{"name":"tips","source":"{{source}}","run_id":"{{runId}}"}""");

            using var predicted = await http.PostAsync("/api/2.0/argus/model-versions/predict?name=tips&version=1", Instances(), Ct);
            Assert.True(predicted.StatusCode == HttpStatusCode.OK, await predicted.Content.ReadAsStringAsync(Ct));
            Assert.StartsWith("{\"predictions\":[", await predicted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // A server serving the registered version reads the package from S3 through its destination.
        await using var serving = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = directory.SqliteUri(),
            ArtifactsDestination = destination,
            S3 = moto.Options(),
            Scheduler = new() { Enabled = false },
            Serving = new ServingOptions { ModelUri = "models:/tips/1", InferenceLogDirectory = null },
        }, Ct);
        using var client = new HttpClient { BaseAddress = serving.Url };
        using var scored = await client.PostAsync("/serving/invocations", Instances(), Ct);
        Assert.True(scored.StatusCode == HttpStatusCode.OK, await scored.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("{\"predictions\":[", await scored.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static StringContent Instances() =>
        new("""{"instances": [[16.99, "Female", "No", "Sun", "Dinner", 2]]}""", Encoding.UTF8, "application/json");

    private static async Task PostOkAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<(string RunId, string Root)> NewRunAsync(ServerFixture server)
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        var uri = (await server.GetRunAsync(runId)).GetProperty("info").GetProperty("artifact_uri").GetString()!;
        Assert.StartsWith(ArtifactRepositories.ProxyScheme, uri, StringComparison.Ordinal);
        return (runId, ArtifactRepositories.ProxyPath(uri));
    }

    private static Task<WireReply> PutAsync(ServerFixture server, string path, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return server.SendAsync(HttpMethod.Put, $"{ArtifactsApi}/{path}", content);
    }

    /// <summary>A body sent with chunked transfer encoding: its length is not known up front.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
