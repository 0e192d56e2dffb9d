using Argus.Core.Artifacts;
using Argus.Core.Errors;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Artifacts;

public sealed class LocalArtifactRepositoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private LocalArtifactRepository Repository => new(_directory.Combine("root"));

    [Fact]
    public async Task WriteAsync_ThenList_ShowsFilesAndDirectoriesSorted()
    {
        await Repository.WriteAsync("model/model.json", new MemoryStream("{}"u8.ToArray()), null, CancellationToken.None);
        await Repository.WriteAsync("metrics.csv", new MemoryStream(new byte[10]), null, CancellationToken.None);
        var root = await Repository.ListAsync("", CancellationToken.None);
        Assert.Equal(["metrics.csv", "model"], root.Select(f => f.Path));
        Assert.Equal(10, root[0].FileSize);
        Assert.True(root[1].IsDir);
        var model = Assert.Single(await Repository.ListAsync("model", CancellationToken.None));
        Assert.Equal(("model/model.json", false, 2L), (model.Path, model.IsDir, model.FileSize!.Value));
        Assert.Empty(await Repository.ListAsync("missing", CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_OverLimit_KeepsOldFileAndLeavesNoTemp()
    {
        await Repository.WriteAsync("a.bin", new MemoryStream([1, 2, 3]), null, CancellationToken.None);
        var e = await Assert.ThrowsAsync<ArgusException>(() => Repository.WriteAsync("a.bin", new MemoryStream(new byte[5000]), 1000, CancellationToken.None));
        Assert.Equal(ErrorCode.RequestTooLarge, e.Code);
        await using (var stream = await Repository.OpenReadAsync("a.bin", CancellationToken.None))
        {
            var bytes = new byte[10];
            Assert.Equal(3, await stream.ReadAsync(bytes));
        }

        Assert.Equal(["a.bin"], Directory.GetFiles(_directory.Combine("root")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_StreamFailsMidway_OldFileIntact()
    {
        await Repository.WriteAsync("a.txt", new MemoryStream("old"u8.ToArray()), null, CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => Repository.WriteAsync("a.txt", new FailingStream(), null, CancellationToken.None));
        await using var stream = await Repository.OpenReadAsync("a.txt", CancellationToken.None);
        Assert.Equal("old", await new StreamReader(stream).ReadToEndAsync());
        Assert.Single(Directory.GetFiles(_directory.Combine("root")));
    }

    [Fact]
    public async Task OpenReadAsync_Missing_ResourceDoesNotExist() =>
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<ArgusException>(() => Repository.OpenReadAsync("nope.txt", CancellationToken.None))).Code);

    [Fact]
    public async Task Operations_TraversalPaths_RejectedAndNothingOutsideRoot()
    {
        await Assert.ThrowsAsync<ArgusException>(() => Repository.WriteAsync("../outside.txt", new MemoryStream([1]), null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgusException>(() => Repository.OpenReadAsync("../../etc/passwd", CancellationToken.None));
        await Assert.ThrowsAsync<ArgusException>(() => Repository.DeleteAsync("..", CancellationToken.None));
        Assert.False(File.Exists(_directory.Combine("outside.txt")));
    }

    [Fact]
    public async Task DeleteAsync_Directory_RemovesTree()
    {
        await Repository.WriteAsync("run/artifacts/a.txt", new MemoryStream([1]), null, CancellationToken.None);
        await Repository.DeleteAsync("run", CancellationToken.None);
        Assert.False(Directory.Exists(_directory.Combine("root", "run")));
        await Repository.DeleteAsync("run", CancellationToken.None);
    }

    private sealed class FailingStream : Stream
    {
        private int _reads;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            _reads++ == 0 ? Fill(buffer, offset, Math.Min(count, 100)) : throw new IOException("connection reset");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static int Fill(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'x', offset, count);
            return count;
        }
    }
}
