using Argus.Core.Artifacts;
using Argus.Core.Errors;

namespace Argus.Tests.Core.Artifacts;

/// <summary>
/// What every <see cref="IArtifactRepository"/> promises, run against each store (local directory, S3). The repository
/// under test is rooted at <c>root</c> inside a container (a temp directory, a bucket) the derived class can list
/// whole, so tests see anything written outside the root or left half-written.
/// </summary>
public abstract class ArtifactRepositoryContract
{
    protected static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A repository rooted at <c>root</c> in the container.</summary>
    protected abstract IArtifactRepository Repository { get; }

    /// <summary>Every file stored anywhere in the container, as '/'-separated paths from the container, sorted.</summary>
    protected abstract Task<List<string>> StoredAsync();

    [Fact]
    public async Task WriteAsync_ThenList_ShowsFilesAndDirectoriesSorted()
    {
        await Repository.WriteAsync("model/model.json", new MemoryStream("{}"u8.ToArray()), null, Ct);
        await Repository.WriteAsync("metrics.csv", new MemoryStream(new byte[10]), null, Ct);
        var root = await Repository.ListAsync("", Ct);
        Assert.Equal(["metrics.csv", "model"], root.Select(f => f.Path));
        Assert.Equal(10, root[0].FileSize);
        Assert.True(root[1].IsDir);
        var model = Assert.Single(await Repository.ListAsync("model", Ct));
        Assert.Equal(("model/model.json", false, 2L), (model.Path, model.IsDir, model.FileSize!.Value));
        Assert.Empty(await Repository.ListAsync("missing", Ct));
    }

    [Fact]
    public async Task ListAsync_NestedDirectory_ListsOnlyDirectChildrenWithFullPaths()
    {
        await Repository.WriteAsync("a/b/c.txt", new MemoryStream([1]), null, Ct);
        await Repository.WriteAsync("a/b/d/e.txt", new MemoryStream([1, 2]), null, Ct);
        await Repository.WriteAsync("a/bb.txt", new MemoryStream([1, 2, 3]), null, Ct);
        var entries = await Repository.ListAsync("a/b", Ct);
        Assert.Equal([("a/b/c.txt", false), ("a/b/d", true)], entries.Select(e => (e.Path, e.IsDir)));
        Assert.Equal(["a/b", "a/bb.txt"], (await Repository.ListAsync("a", Ct)).Select(e => e.Path));
        Assert.Empty(await Repository.ListAsync("a/bb.txt", Ct));
    }

    [Fact]
    public async Task WriteAsync_ThenOpenRead_ReturnsSameBytesAndCount()
    {
        var bytes = new byte[200_000];
        new Random(7).NextBytes(bytes);
        Assert.Equal(bytes.Length, await Repository.WriteAsync("data/blob.bin", new MemoryStream(bytes), null, Ct));
        await using var stream = await Repository.OpenReadAsync("data/blob.bin", Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task WriteAsync_Existing_Replaces()
    {
        await Repository.WriteAsync("a.txt", new MemoryStream("first version"u8.ToArray()), null, Ct);
        await Repository.WriteAsync("a.txt", new MemoryStream("second"u8.ToArray()), null, Ct);
        Assert.Equal("second", await ReadTextAsync("a.txt"));
        Assert.Equal(6, Assert.Single(await Repository.ListAsync("", Ct)).FileSize);
    }

    [Fact]
    public async Task WriteAsync_OverLimit_KeepsOldFileAndLeavesNoTemp()
    {
        await Repository.WriteAsync("a.bin", new MemoryStream([1, 2, 3]), null, Ct);
        var e = await Assert.ThrowsAsync<ArgusException>(() => Repository.WriteAsync("a.bin", new MemoryStream(new byte[5000]), 1000, Ct));
        Assert.Equal(ErrorCode.RequestTooLarge, e.Code);
        Assert.Equal("Artifact 'a.bin' is larger than the limit of 1000 bytes.", e.Message);
        await using (var stream = await Repository.OpenReadAsync("a.bin", Ct))
        {
            var bytes = new byte[10];
            Assert.Equal(3, await stream.ReadAsync(bytes));
        }

        Assert.Equal(["root/a.bin"], await StoredAsync());
    }

    [Fact]
    public async Task WriteAsync_AtLimit_Accepted()
    {
        Assert.Equal(1000, await Repository.WriteAsync("a.bin", new MemoryStream(new byte[1000]), 1000, Ct));
        Assert.Equal(["root/a.bin"], await StoredAsync());
    }

    [Fact]
    public async Task WriteAsync_StreamFailsMidway_OldFileIntact()
    {
        await Repository.WriteAsync("a.txt", new MemoryStream("old"u8.ToArray()), null, Ct);
        await Assert.ThrowsAsync<IOException>(() => Repository.WriteAsync("a.txt", new FailingStream(), null, Ct));
        Assert.Equal("old", await ReadTextAsync("a.txt"));
        Assert.Equal(["root/a.txt"], await StoredAsync());
    }

    [Fact]
    public async Task WriteAsync_OntoDirectory_InvalidParameterAndTreeKept()
    {
        await Repository.WriteAsync("model/model.json", new MemoryStream([1]), null, Ct);
        var e = await Assert.ThrowsAsync<ArgusException>(() => Repository.WriteAsync("model", new MemoryStream([2]), null, Ct));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Equal(["root/model/model.json"], await StoredAsync());
    }

    [Fact]
    public async Task WriteAsync_NoPath_InvalidParameter() =>
        Assert.Equal(ErrorCode.InvalidParameterValue, (await Assert.ThrowsAsync<ArgusException>(() => Repository.WriteAsync("", new MemoryStream([1]), null, Ct))).Code);

    [Fact]
    public async Task OpenReadAsync_Missing_ResourceDoesNotExist() =>
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() => Repository.OpenReadAsync("nope.txt", Ct))).Code);

    [Fact]
    public async Task Operations_TraversalPaths_RejectedAndNothingOutsideRoot()
    {
        await Assert.ThrowsAsync<ArgusException>(() => Repository.WriteAsync("../outside.txt", new MemoryStream([1]), null, Ct));
        await Assert.ThrowsAsync<ArgusException>(() => Repository.WriteAsync("a/../../outside.txt", new MemoryStream([1]), null, Ct));
        await Assert.ThrowsAsync<ArgusException>(() => Repository.WriteAsync("/outside.txt", new MemoryStream([1]), null, Ct));
        await Assert.ThrowsAsync<ArgusException>(() => Repository.OpenReadAsync("../../etc/passwd", Ct));
        await Assert.ThrowsAsync<ArgusException>(() => Repository.ListAsync("..", Ct));
        await Assert.ThrowsAsync<ArgusException>(() => Repository.DeleteAsync("..", Ct));
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task DeleteAsync_Directory_RemovesTreeOnly()
    {
        await Repository.WriteAsync("run/artifacts/a.txt", new MemoryStream([1]), null, Ct);
        await Repository.WriteAsync("run/artifacts/deep/b.txt", new MemoryStream([1]), null, Ct);
        await Repository.WriteAsync("run2/kept.txt", new MemoryStream([1]), null, Ct);
        await Repository.WriteAsync("run.txt", new MemoryStream([1]), null, Ct);
        await Repository.DeleteAsync("run", Ct);
        Assert.Equal(["root/run.txt", "root/run2/kept.txt"], await StoredAsync());
        Assert.Equal(["run.txt", "run2"], (await Repository.ListAsync("", Ct)).Select(f => f.Path));
        await Repository.DeleteAsync("run", Ct);
    }

    [Fact]
    public async Task DeleteAsync_File_RemovesOnlyIt()
    {
        await Repository.WriteAsync("a/one.txt", new MemoryStream([1]), null, Ct);
        await Repository.WriteAsync("a/one.txt.bak", new MemoryStream([1]), null, Ct);
        await Repository.DeleteAsync("a/one.txt", Ct);
        Assert.Equal(["root/a/one.txt.bak"], await StoredAsync());
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() => Repository.OpenReadAsync("a/one.txt", Ct))).Code);
    }

    [Fact]
    public async Task DeleteAsync_Root_RemovesEverythingUnderIt()
    {
        await Repository.WriteAsync("x/y.txt", new MemoryStream([1]), null, Ct);
        await Repository.WriteAsync("z.txt", new MemoryStream([1]), null, Ct);
        await Repository.DeleteAsync("", Ct);
        Assert.Empty(await StoredAsync());
        Assert.Empty(await Repository.ListAsync("", Ct));
    }

    protected async Task<string> ReadTextAsync(string path)
    {
        await using var stream = await Repository.OpenReadAsync(path, Ct);
        return await new StreamReader(stream).ReadToEndAsync();
    }
}
