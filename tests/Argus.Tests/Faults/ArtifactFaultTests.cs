using System.Net;
using System.Text.Json;
using Argus.Core.Artifacts;
using Argus.Core.Errors;
using Argus.Tests.Deploy;
using Argus.Tests.Infrastructure;
using Argus.Tests.Server;
using Microsoft.Data.Sqlite;

namespace Argus.Tests.Faults;

/// <summary>
/// The artifact store under the failures of a real deployment: the server killed (SIGKILL) in the middle of an upload,
/// and the disk under the artifact store filling up.
/// </summary>
public sealed class ArtifactFaultTests : IDisposable
{
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts/";

    private readonly TempDirectory _directory = new("argus-faults");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task ServerKilledDuringUpload_AfterRestartNoPartOfTheFileIsVisibleAndUploadsWork()
    {
        var uri = _directory.SqliteUri();
        var artifacts = _directory.Combine("artifacts");
        var server = await ArgusProcess.StartServerAsync(uri, artifacts);
        const string path = "0/run/artifacts/model/model.bin";
        using var started = new UploadStarted();
        using (var http = new HttpClient { BaseAddress = server.Url, Timeout = Timeout.InfiniteTimeSpan })
        {
            // 4 MiB sent, then the body stalls: the server holds a partial temp file when it is killed.
            var upload = http.PutAsync(ArtifactsApi + path, new StallingContent(4 << 20, started));
            await started.Sent.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Poll.UntilAsync("the server holds part of the upload", TimeSpan.FromSeconds(60),
                () => Task.FromResult((PartialFiles(artifacts).Any(f => f.Length > 0), string.Join(", ", PartialFiles(artifacts).Select(f => $"{f.Name}: {f.Length}")))));
            await server.KillAsync();
            await started.Stall.CancelAsync(); // the body's writer notices no dead socket while it waits
            await Assert.ThrowsAnyAsync<Exception>(() => upload.WaitAsync(TimeSpan.FromSeconds(60)));
        }

        await server.DisposeAsync();
        Assert.False(File.Exists(Path.Combine(artifacts, path)));

        await using var restarted = await ArgusProcess.StartServerAsync(uri, artifacts);
        using var client = new HttpClient { BaseAddress = restarted.Url, Timeout = TimeSpan.FromSeconds(60) };
        using (var listing = await client.GetAsync(ArtifactsApi.TrimEnd('/') + "?path=0/run/artifacts/model"))
        {
            Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
            using var json = JsonDocument.Parse(await listing.Content.ReadAsStringAsync());
            Assert.False(json.RootElement.TryGetProperty("files", out var files) && files.GetArrayLength() > 0, json.RootElement.ToString());
        }

        using (var missing = await client.GetAsync(ArtifactsApi + path))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The same path uploads whole afterwards.
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        using (var put = await client.PutAsync(ArtifactsApi + path, new ByteArrayContent(bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal(bytes, await client.GetByteArrayAsync(ArtifactsApi + path));
    }

    [Fact]
    public async Task DiskFull_UploadAnswers507AndStoredFilesStayIntact()
    {
        using var disk = await SmallDisk.MountAsync(_directory.Combine("small-disk"), sizeKiB: 1024);
        await using var server = await ServerFixture.StartAsync(o => o with { ArtifactsDestination = disk.Path });
        var kept = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        using (var first = await server.Client.PutAsync(ArtifactsApi + "0/run/artifacts/kept.bin", new ByteArrayContent(kept)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var reply = await server.SendAsync(HttpMethod.Put, "/" + ArtifactsApi + "0/run/artifacts/too-big.bin", new ByteArrayContent(new byte[2 << 20]));

        reply.AssertError((HttpStatusCode)507, "RESOURCE_EXHAUSTED");
        Assert.Contains("artifact store is full", reply.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(disk.Path, reply.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(disk.Path, "0", "run", "artifacts", "too-big.bin")));
        Assert.Empty(PartialFiles(disk.Path)); // the partial copy was removed, so its space is free again
        Assert.Equal(kept, await server.Client.GetByteArrayAsync(ArtifactsApi + "0/run/artifacts/kept.bin"));

        var small = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 3)).ToArray();
        using (var after = await server.Client.PutAsync(ArtifactsApi + "0/run/artifacts/small.bin", new ByteArrayContent(small)))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        Assert.Equal(small, await server.Client.GetByteArrayAsync(ArtifactsApi + "0/run/artifacts/small.bin"));
    }

    [Fact]
    public async Task DiskFull_LocalRepository_InsufficientStorageWithNoFileLeft()
    {
        using var disk = await SmallDisk.MountAsync(_directory.Combine("small-disk"), sizeKiB: 256);
        var repository = new LocalArtifactRepository(disk.Path);

        var error = await Assert.ThrowsAsync<ArgusException>(() => repository.WriteAsync("a/big.bin", new MemoryStream(new byte[1 << 20]), null, CancellationToken.None));

        Assert.Equal(ErrorCode.InsufficientStorage, error.Code);
        Assert.Empty(Directory.EnumerateFiles(disk.Path, "*", SearchOption.AllDirectories));
    }

    private static IEnumerable<FileInfo> PartialFiles(string root) => Directory.Exists(root)
        ? new DirectoryInfo(root).EnumerateFiles("*.argus-tmp", SearchOption.AllDirectories)
        : [];

    private sealed class UploadStarted : IDisposable
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Stall { get; } = new();

        public void Dispose()
        {
            Stall.Cancel();
            Stall.Dispose();
        }
    }

    // A body of unknown length: `bytes` bytes, then nothing until the test ends.
    private sealed class StallingContent(int bytes, UploadStarted started) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            for (var sent = 0; sent < bytes; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }

            await stream.FlushAsync();
            started.Sent.TrySetResult();
            await Task.Delay(Timeout.Infinite, started.Stall.Token);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
