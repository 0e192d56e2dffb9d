using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static Argus.Tests.Server.ServerFixture;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// The proxied artifact service (<c>/api/2.0/mlflow-artifacts/artifacts</c>), the tracking-side listing
/// and <c>/get-artifact</c>: bytes round-trip exactly, listings have MLflow's shape, and no path can
/// reach outside the artifact destination.
/// </summary>
public sealed class ArtifactEndpointsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Upload_ThenDownload_ReturnsIdenticalBytes()
    {
        var (_, _, root) = await NewRunAsync();
        var bytes = RandomBytes(100_000, seed: 1);

        var put = await PutAsync(server, $"{root}/model/a.bin", bytes);
        var get = await server.GetAsync($"{ArtifactsApi}/{root}/model/a.bin");

        put.AssertOk();
        Assert.Equal("{}", put.Text);
        get.AssertOk();
        Assert.Equal(bytes, get.Body);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(server.ArtifactsDirectory, root, "model", "a.bin")));
    }

    [Fact]
    public async Task ProxiedList_Directory_ListsEntriesRelativeToIt()
    {
        var (_, _, root) = await NewRunAsync();
        (await PutAsync(server, $"{root}/model/a.bin", RandomBytes(10, seed: 2))).AssertOk();
        (await PutAsync(server, $"{root}/model/sub/b.txt", RandomBytes(3, seed: 3))).AssertOk();

        var reply = await server.GetAsync($"{ArtifactsApi}?path={Q(root + "/model")}");

        reply.AssertOk();
        var files = reply.Json.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["a.bin", "sub"], files.Select(f => f.GetProperty("path").GetString()));
        Assert.False(files[0].GetProperty("is_dir").GetBoolean());
        Assert.Equal(10, files[0].GetProperty("file_size").GetInt64());
        Assert.True(files[1].GetProperty("is_dir").GetBoolean());
        Assert.False(files[1].TryGetProperty("file_size", out _), "a directory has a file_size");
    }

    [Fact]
    public async Task ProxiedList_MissingDirectory_ReturnsEmptyObject()
    {
        var reply = await server.GetAsync($"{ArtifactsApi}?path={Q($"nowhere-{Guid.NewGuid():N}")}");

        reply.AssertOk();
        Assert.Equal("{}", reply.Text);
    }

    [Theory]
    [InlineData("/api/2.0/mlflow")]
    [InlineData("/ajax-api/2.0/mlflow")]
    public async Task RunArtifactsList_PathModel_ListsUnderTheRunsArtifactUri(string prefix)
    {
        var (_, runId, root) = await NewRunAsync();
        (await PutAsync(server, $"{root}/model/a.bin", RandomBytes(1234, seed: 4))).AssertOk();
        (await PutAsync(server, $"{root}/model/sub/b.txt", RandomBytes(5, seed: 5))).AssertOk();
        var artifactUri = (await server.GetRunAsync(runId)).GetProperty("info").GetProperty("artifact_uri").GetString();

        var model = await server.GetAsync($"{prefix}/artifacts/list?run_id={runId}&path=model");
        var top = await server.GetAsync($"{prefix}/artifacts/list?run_id={runId}");

        model.AssertOk();
        Assert.Equal(artifactUri, model.Json.GetProperty("root_uri").GetString());
        var files = model.Json.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["model/a.bin", "model/sub"], files.Select(f => f.GetProperty("path").GetString()));
        Assert.False(files[0].GetProperty("is_dir").GetBoolean());
        Assert.Equal(1234, files[0].GetProperty("file_size").GetInt64());
        Assert.True(files[1].GetProperty("is_dir").GetBoolean());
        top.AssertOk();
        Assert.Equal(artifactUri, top.Json.GetProperty("root_uri").GetString());
        var dir = Assert.Single(top.Json.GetProperty("files").EnumerateArray());
        Assert.Equal("model", dir.GetProperty("path").GetString());
        Assert.True(dir.GetProperty("is_dir").GetBoolean());
    }

    [Fact]
    public async Task GetArtifact_RunAndPath_StreamsTheFile()
    {
        var (_, runId, root) = await NewRunAsync();
        var bytes = RandomBytes(4321, seed: 6);
        (await PutAsync(server, $"{root}/model/a.bin", bytes)).AssertOk();

        var reply = await server.GetAsync($"/get-artifact?run_id={runId}&path={Q("model/a.bin")}");

        reply.AssertOk();
        Assert.Equal(bytes, reply.Body);
    }

    [Fact]
    public async Task Upload_ExistingFile_ReplacesItCompletely()
    {
        var (_, _, root) = await NewRunAsync();
        (await PutAsync(server, $"{root}/data.bin", RandomBytes(5000, seed: 7))).AssertOk();
        var replacement = RandomBytes(10, seed: 8);

        var put = await PutAsync(server, $"{root}/data.bin", replacement);
        var get = await server.GetAsync($"{ArtifactsApi}/{root}/data.bin");

        put.AssertOk();
        Assert.Equal(replacement, get.Body);
        Assert.Equal(10, new FileInfo(Path.Combine(server.ArtifactsDirectory, root, "data.bin")).Length);
    }

    [Fact]
    public async Task Download_MissingArtifact_Returns404()
    {
        var (_, runId, root) = await NewRunAsync();

        var proxied = await server.GetAsync($"{ArtifactsApi}/{root}/missing.bin");
        var viaRun = await server.GetAsync($"/get-artifact?run_id={runId}&path=missing.bin");

        proxied.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        proxied.AssertMessageContains("missing.bin");
        viaRun.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Delete_UploadedFile_RemovesIt()
    {
        var (_, _, root) = await NewRunAsync();
        (await PutAsync(server, $"{root}/gone.bin", RandomBytes(10, seed: 9))).AssertOk();

        var delete = await server.SendAsync(HttpMethod.Delete, $"{ArtifactsApi}/{root}/gone.bin", null);
        var get = await server.GetAsync($"{ArtifactsApi}/{root}/gone.bin");

        delete.AssertOk();
        Assert.Equal("{}", delete.Text);
        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.False(File.Exists(Path.Combine(server.ArtifactsDirectory, root, "gone.bin")));
    }

    // ------------------------------------------------------------------ traversal

    [Theory]
    [InlineData("..%2F..%2F..%2F..%2FMARKER")]
    [InlineData("..%2FMARKER")]
    [InlineData("ROOT%2F..%2F..%2F..%2F..%2FMARKER")]
    [InlineData("ROOT/..%2F..%2F..%2F..%2FMARKER")]
    [InlineData("%2E%2E%2F%2E%2E%2FMARKER")]
    public async Task Upload_EncodedDotDot_Returns400AndWritesNothing(string template)
    {
        var (_, _, root) = await NewRunAsync();
        var marker = Marker();
        var path = template.Replace("ROOT", root, StringComparison.Ordinal).Replace("MARKER", marker, StringComparison.Ordinal);

        var put = await PutAsync(server, path, RandomBytes(10, seed: 10));
        var get = await server.GetAsync($"{ArtifactsApi}/{path}");

        put.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        put.AssertMessageContains("..");
        get.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        AssertNoFileNamed(marker);
    }

    [Theory]
    [InlineData("ROOT/../../../../MARKER")]
    [InlineData("../MARKER")]
    [InlineData("ROOT/%2E%2E/%2E%2E/%2E%2E/%2E%2E/MARKER")]
    [InlineData("ROOT/sub/../MARKER")]
    public async Task Upload_LiteralDotDotOnTheWire_Returns400AndWritesNothing(string template)
    {
        var (_, _, root) = await NewRunAsync();
        var marker = Marker();
        var target = $"{ArtifactsApi}/" + template.Replace("ROOT", root, StringComparison.Ordinal).Replace("MARKER", marker, StringComparison.Ordinal);

        var put = await RawHttp.SendAsync(server.BaseAddress, "PUT", target, RandomBytes(10, seed: 11));
        var get = await RawHttp.SendAsync(server.BaseAddress, "GET", target);

        AssertNoFileNamed(marker);
        put.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        get.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Upload_AbsolutePath_Returns400AndWritesNothing()
    {
        var marker = Marker();
        var absolute = Path.Combine(server.RootDirectory, marker);

        var put = await PutAsync(server, Q(absolute), RandomBytes(10, seed: 12));
        var get = await server.GetAsync($"{ArtifactsApi}/{Q(absolute)}");

        put.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        put.AssertMessageContains("absolute");
        get.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.False(File.Exists(absolute), $"{absolute} was written");
        AssertNoFileNamed(marker);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("a/../../..")]
    [InlineData("/etc")]
    public async Task List_PathEscapingTheRoot_Returns400(string path)
    {
        var (_, runId, _) = await NewRunAsync();

        var proxied = await server.GetAsync($"{ArtifactsApi}?path={Q(path)}");
        var viaRun = await server.GetAsync($"{Api}/artifacts/list?run_id={runId}&path={Q(path)}");
        var download = await server.GetAsync($"/get-artifact?run_id={runId}&path={Q(path + "/passwd")}");

        proxied.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        viaRun.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        download.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.DoesNotContain("root:", proxied.Text + viaRun.Text + download.Text, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ size limit

    [Theory]
    [InlineData(1001, false)]
    [InlineData(5000, true)]
    [InlineData(200_000, true)]
    public async Task Upload_OverMaxArtifactBytes_Returns413AndLeavesNoFile(int size, bool chunked)
    {
        await using var small = await ServerFixture.StartAsync(maxArtifactBytes: 1000);
        var (_, _, root) = await NewRunAsync(small);

        using var content = chunked
            ? (HttpContent)new StreamContent(new NonSeekableStream(RandomBytes(size, seed: 13)))
            : new ByteArrayContent(RandomBytes(size, seed: 13));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var put = await small.SendAsync(HttpMethod.Put, $"{ArtifactsApi}/{root}/big.bin", content);
        var get = await small.GetAsync($"{ArtifactsApi}/{root}/big.bin");

        put.AssertError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE");
        put.AssertMessageContains("1000");
        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        var left = Directory.Exists(small.ArtifactsDirectory)
            ? Directory.EnumerateFiles(small.ArtifactsDirectory, "*", SearchOption.AllDirectories).ToList()
            : [];
        Assert.Empty(left);
    }

    [Fact]
    public async Task Upload_ExactlyMaxArtifactBytes_IsStored()
    {
        await using var small = await ServerFixture.StartAsync(maxArtifactBytes: 1000);
        var (_, _, root) = await NewRunAsync(small);
        var bytes = RandomBytes(1000, seed: 14);

        var put = await PutAsync(small, $"{root}/edge.bin", bytes);
        var get = await small.GetAsync($"{ArtifactsApi}/{root}/edge.bin");

        put.AssertOk();
        Assert.Equal(bytes, get.Body);
    }

    // ------------------------------------------------------------------ helpers

    private Task<(string Experiment, string RunId, string Root)> NewRunAsync() => NewRunAsync(server);

    /// <summary>A run and its proxied artifact root path, <c>{exp}/{run}/artifacts</c>.</summary>
    private static async Task<(string Experiment, string RunId, string Root)> NewRunAsync(ServerFixture target)
    {
        var exp = await target.CreateExperimentAsync();
        var runId = await target.CreateRunAsync(exp);
        var uri = (await target.GetRunAsync(runId)).GetProperty("info").GetProperty("artifact_uri").GetString()!;
        const string Scheme = "mlflow-artifacts:/";
        Assert.StartsWith(Scheme, uri, StringComparison.Ordinal);
        return (exp, runId, uri[Scheme.Length..]);
    }

    private static async Task<WireReply> PutAsync(ServerFixture target, string path, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await target.SendAsync(HttpMethod.Put, $"{ArtifactsApi}/{path}", content);
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Marker() => $"escaped-{Guid.NewGuid():N}.bin";

    /// <summary>No file with this name anywhere under the server's temp directory or in the temp folder.</summary>
    private void AssertNoFileNamed(string marker)
    {
        var found = Directory.EnumerateFiles(server.RootDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains(marker, StringComparison.Ordinal))
            .ToList();
        Assert.True(found.Count == 0, "written: " + JsonSerializer.Serialize(found));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), marker)), "written to the temp folder");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(server.RootDirectory)!, marker)), "written next to the server directory");
    }

    /// <summary>Hides the length so HttpClient sends the body chunked, with no Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
