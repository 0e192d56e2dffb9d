using Amazon.S3.Model;
using Argus.Core.Artifacts;
using Argus.Core.Errors;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Artifacts;

/// <summary>The artifact repository contract on S3 (a real moto server), and what only S3 has: multipart, pages, S3 errors.</summary>
[Collection(MotoCollection.Name)]
public sealed class S3ArtifactRepositoryTests(MotoServer moto) : ArtifactRepositoryContract, IAsyncLifetime
{
    // Small sizes so a test file of some KiB takes the multipart path in several parts.
    private const int Threshold = 10_000;
    private const int PartSize = 4096;

    private string _bucket = string.Empty;

    protected override IArtifactRepository Repository => new S3ArtifactRepository($"s3://{_bucket}/root", moto.Options());

    public async Task InitializeAsync() => _bucket = await moto.CreateBucketAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected override Task<List<string>> StoredAsync() => moto.KeysAsync(_bucket);

    private S3ArtifactRepository Small(Func<S3ArtifactOptions, S3ArtifactOptions>? configure = null) =>
        new($"s3://{_bucket}/root", moto.Options(o => (configure ?? (x => x))(o with { MultipartThreshold = Threshold, PartSize = PartSize })));

    [Fact]
    public async Task WriteAsync_LargerThanThreshold_MultipartInPartsAndReadsBackIdentical()
    {
        var bytes = new byte[3 * PartSize * 4 + 123];
        new Random(11).NextBytes(bytes);
        var repository = Small();

        Assert.Equal(bytes.Length, await repository.WriteAsync("model/weights.bin", new MemoryStream(bytes), null, Ct));

        // A multipart object's ETag is "<md5 of the part md5s>-<part count>".
        var metadata = await moto.Client.GetObjectMetadataAsync(_bucket, "root/model/weights.bin");
        Assert.EndsWith($"-{(bytes.Length + PartSize - 1) / PartSize}\"", metadata.ETag, StringComparison.Ordinal);
        Assert.Equal(bytes.Length, metadata.ContentLength);
        await using var stream = await repository.OpenReadAsync("model/weights.bin", Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Empty(await moto.PendingUploadsAsync(_bucket));
    }

    [Fact]
    public async Task WriteAsync_ExactlyThreshold_SinglePut()
    {
        var repository = Small();
        await repository.WriteAsync("a.bin", new MemoryStream(new byte[Threshold]), null, Ct);
        var metadata = await moto.Client.GetObjectMetadataAsync(_bucket, "root/a.bin");
        Assert.DoesNotContain("-", metadata.ETag, StringComparison.Ordinal);
        Assert.Equal(Threshold, metadata.ContentLength);
    }

    [Fact]
    public async Task WriteAsync_MultipartStreamThrowsMidway_AbortedNothingVisibleNothingPending()
    {
        var repository = Small();
        await repository.WriteAsync("a.bin", new MemoryStream("old"u8.ToArray()), null, Ct);

        // Past the threshold and into several parts before the body fails.
        await Assert.ThrowsAsync<IOException>(() => repository.WriteAsync("a.bin", new FailingStream(Threshold + (3 * PartSize), chunk: 1000), null, Ct));
        await Assert.ThrowsAsync<IOException>(() => repository.WriteAsync("new.bin", new FailingStream(Threshold + (3 * PartSize), chunk: 1000), null, Ct));

        Assert.Equal("old", await ReadTextAsync("a.bin"));
        Assert.Equal(["root/a.bin"], await StoredAsync());
        Assert.Empty(await moto.PendingUploadsAsync(_bucket));
    }

    [Fact]
    public async Task WriteAsync_MultipartCancelledMidway_AbortedNothingPending()
    {
        var repository = Small();
        using var cts = new CancellationTokenSource();
        // A client that hangs up: the upload's token is cancelled once the body has given that many bytes.
        var body = new FailingStream(Threshold + (2 * PartSize), chunk: 64 * 1024, onFailure: () =>
        {
            cts.Cancel();
            cts.Token.ThrowIfCancellationRequested();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.WriteAsync("big.bin", body, null, cts.Token));

        Assert.Empty(await StoredAsync());
        Assert.Empty(await moto.PendingUploadsAsync(_bucket));
    }

    [Fact]
    public async Task WriteAsync_MultipartOverLimit_RequestTooLargeAndAborted()
    {
        var repository = Small();
        var e = await Assert.ThrowsAsync<ArgusException>(() => repository.WriteAsync("big.bin", new MemoryStream(new byte[Threshold * 5]), Threshold * 3, Ct));
        Assert.Equal(ErrorCode.RequestTooLarge, e.Code);
        Assert.Empty(await StoredAsync());
        Assert.Empty(await moto.PendingUploadsAsync(_bucket));
    }

    [Fact]
    public async Task ListAsync_MoreEntriesThanOnePage_FollowsContinuationTokens()
    {
        var repository = Small(o => o with { MaxKeys = 2 });
        var expected = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await repository.WriteAsync($"f{i}.txt", new MemoryStream([(byte)i]), null, Ct);
            await repository.WriteAsync($"d{i}/x.txt", new MemoryStream([(byte)i]), null, Ct);
            expected.AddRange([$"f{i}.txt", $"d{i}"]);
        }

        expected.Sort(StringComparer.Ordinal);
        var entries = await repository.ListAsync("", Ct);
        Assert.Equal(expected, entries.Select(e => e.Path));
        Assert.Equal(5, entries.Count(e => e.IsDir));
    }

    [Fact]
    public async Task DeleteAsync_MoreObjectsThanOnePage_DeletesAll()
    {
        var repository = Small(o => o with { MaxKeys = 2 });
        for (var i = 0; i < 7; i++)
        {
            await repository.WriteAsync($"run/artifacts/{i}/file.bin", new MemoryStream([1]), null, Ct);
        }

        await repository.WriteAsync("other/kept.bin", new MemoryStream([1]), null, Ct);
        await repository.DeleteAsync("run", Ct);
        Assert.Equal(["root/other/kept.bin"], await StoredAsync());
    }

    [Fact]
    public async Task ListAsync_FolderMarkerObject_NotAnEntry()
    {
        await moto.Client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "root/empty/", ContentBody = string.Empty });
        await Repository.WriteAsync("empty/a.txt", new MemoryStream([1]), null, Ct);
        Assert.Equal(["empty/a.txt"], (await Repository.ListAsync("empty", Ct)).Select(e => e.Path));
    }

    [Fact]
    public async Task Repository_AtBucketRoot_KeysHaveNoPrefix()
    {
        var repository = new S3ArtifactRepository($"s3://{_bucket}", moto.Options());
        Assert.Equal($"s3://{_bucket}", repository.RootUri);
        await repository.WriteAsync("a/b.txt", new MemoryStream([1]), null, Ct);
        Assert.Equal(["a/b.txt"], await StoredAsync());
        Assert.Equal(["a"], (await repository.ListAsync("", Ct)).Select(e => e.Path));
    }

    [Fact]
    public async Task Under_MapsBelowRootAndSharesClient()
    {
        var root = new S3ArtifactRepository($"s3://{_bucket}/prefix/", moto.Options());
        var run = root.Under("1/abc/artifacts");
        Assert.Equal($"s3://{_bucket}/prefix/1/abc/artifacts", run.RootUri);
        Assert.Same(root.Client, run.Client);
        await run.WriteAsync("model.bin", new MemoryStream([1]), null, Ct);
        Assert.Equal(["prefix/1/abc/artifacts/model.bin"], await StoredAsync());
        Assert.Throws<ArgusException>(() => root.Under("../escape"));
    }

    [Fact]
    public async Task Operations_MissingBucket_ClearErrorNamingBucket()
    {
        var repository = new S3ArtifactRepository("s3://argus-no-such-bucket/x", moto.Options());
        var e = await Assert.ThrowsAsync<ArgusException>(() => repository.WriteAsync("a.txt", new MemoryStream([1]), null, Ct));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        Assert.Contains("S3 bucket 'argus-no-such-bucket' does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains(moto.Endpoint.Authority, e.Message, StringComparison.Ordinal);
        var read = await Assert.ThrowsAsync<ArgusException>(() => repository.OpenReadAsync("a.txt", Ct));
        Assert.Equal(ErrorCode.InvalidState, read.Code);
        Assert.DoesNotContain(MotoServer.SecretKey, e.Message + read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_EndpointUnreachable_TemporarilyUnavailableNamingEndpoint()
    {
        var port = LoopbackPorts.Free();
        var repository = new S3ArtifactRepository("s3://bucket/x", moto.Options(o => o with { EndpointUrl = $"http://127.0.0.1:{port}", MaxRetries = 0 }));
        var e = await Assert.ThrowsAsync<ArgusException>(() => repository.ListAsync("", Ct));
        Assert.Equal(ErrorCode.TemporarilyUnavailable, e.Code);
        Assert.StartsWith($"Could not reach the S3 endpoint http://127.0.0.1:{port} to list s3://bucket/x", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MotoServer.SecretKey, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("s3://bucket/", "bucket", "")]
    [InlineData("s3://bucket/a/b/", "bucket", "a/b")]
    [InlineData("S3://bucket/a", "bucket", "a")]
    public void Parse_Forms(string uri, string bucket, string prefix) => Assert.Equal((bucket, prefix), S3ArtifactRepository.Parse(uri));

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3:///prefix")]
    [InlineData("s3://bucket/a/../b")]
    [InlineData("s3://user@bucket/a")]
    [InlineData("file:///tmp/x")]
    public void Parse_Invalid_InvalidParameter(string uri) =>
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => S3ArtifactRepository.Parse(uri)).Code);

    [Fact]
    public void For_S3Uri_IsS3RepositoryWithGivenOptions()
    {
        var repository = Assert.IsType<S3ArtifactRepository>(ArtifactRepositories.For($"s3://{_bucket}/runs/1", null, null, moto.Options()));
        Assert.Equal(($"s3://{_bucket}/runs/1", _bucket, "runs/1"), (repository.RootUri, repository.Bucket, repository.Prefix));
    }

    [Fact]
    public void For_ProxyUriWithS3Destination_MapsUnderDestination()
    {
        var destination = ArtifactRepositories.Destination($"s3://{_bucket}/proxied", moto.Options());
        var repository = ArtifactRepositories.For("mlflow-artifacts:/1/abc/artifacts", null, destination);
        Assert.Equal($"s3://{_bucket}/proxied/1/abc/artifacts", repository.RootUri);
        Assert.Equal($"s3://{_bucket}/proxied", ArtifactRepositories.Describe(destination));
    }
}
