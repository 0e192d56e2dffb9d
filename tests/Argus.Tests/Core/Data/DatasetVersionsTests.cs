using System.Text.Json;
using Argus.Core.Artifacts;
using Argus.Core.Data;
using Argus.Core.Tracking;
using Argus.Server.Hosting;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Data;

public sealed class DatasetVersionsTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempDirectory _directory = new();
    private ITrackingStore _store = null!;

    public async Task InitializeAsync() => _store = await TrackingStores.OpenAsync(_directory.SqliteUri(), null, Ct);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private static Table Load(string path) => TableLoader.Load(path, new ColumnMapping { Target = "tip" });

    private async Task<IReadOnlyList<string>> VersionsOf(ITrackingStore store, string experimentId)
    {
        var experiment = await store.GetExperimentAsync(experimentId, Ct);
        var files = await ArtifactRepositories.For(experiment.ArtifactLocation, store).ListAsync(DatasetVersions.Folder, Ct);
        return files.Select(f => f.Path).ToList();
    }

    [Fact]
    public async Task StoreAsync_FirstTime_WritesTheFileAndItsDescription()
    {
        var experimentId = await _store.CreateExperimentAsync("tips", null, [], Ct);
        var table = Load(DataFixtures.TipsPath);

        var stored = await DatasetVersions.StoreAsync(_store, experimentId, DataFixtures.TipsPath, table, Ct);

        Assert.True(stored.Written);
        Assert.Equal(DatasetDigest.Compute(table), stored.Digest);
        var repository = ArtifactRepositories.For(stored.Uri, _store);
        await using (var data = await repository.OpenReadAsync(DatasetVersions.DataFile, Ct))
        using (var copy = new MemoryStream())
        {
            await data.CopyToAsync(copy, Ct);
            Assert.Equal(await File.ReadAllBytesAsync(DataFixtures.TipsPath, Ct), copy.ToArray());
        }

        await using (var json = await repository.OpenReadAsync(DatasetVersions.DescriptionFile, Ct))
        {
            using var description = await JsonDocument.ParseAsync(json, cancellationToken: Ct);
            Assert.Equal(stored.Digest.Sha256, description.RootElement.GetProperty("digest").GetString());
            Assert.Equal(244, description.RootElement.GetProperty("rows").GetInt32());
            Assert.Equal("tips.csv", description.RootElement.GetProperty("name").GetString());
            Assert.Contains(description.RootElement.GetProperty("columns").EnumerateArray(),
                c => c.GetProperty("name").GetString() == "day" && c.GetProperty("type").GetString() == "categorical");
        }

        Assert.Equal(stored.Digest.Short, stored.Dataset.Digest);
        Assert.Equal(DatasetVersions.SourceType, stored.Dataset.SourceType);
        using var source = JsonDocument.Parse(stored.Dataset.Source);
        Assert.Equal(stored.Uri + "/data.csv", source.RootElement.GetProperty("uri").GetString());
        Assert.Equal(Path.GetFullPath(DataFixtures.TipsPath), source.RootElement.GetProperty("origin").GetString());
    }

    [Fact]
    public async Task StoreAsync_SameContentAgainFromAnotherFile_StoredOnce()
    {
        var experimentId = await _store.CreateExperimentAsync("tips", null, [], Ct);
        var crlf = _directory.Combine("tips-crlf.csv");
        await File.WriteAllTextAsync(crlf, (await File.ReadAllTextAsync(DataFixtures.TipsPath, Ct)).Replace("\n", "\r\n", StringComparison.Ordinal), Ct);

        var first = await DatasetVersions.StoreAsync(_store, experimentId, DataFixtures.TipsPath, Load(DataFixtures.TipsPath), Ct);
        var again = await DatasetVersions.StoreAsync(_store, experimentId, DataFixtures.TipsPath, Load(DataFixtures.TipsPath), Ct);
        var sameContent = await DatasetVersions.StoreAsync(_store, experimentId, crlf, Load(crlf), Ct);

        Assert.True(first.Written);
        Assert.False(again.Written);
        Assert.False(sameContent.Written);
        Assert.Equal(first.Uri, sameContent.Uri);
        Assert.Equal([$"{DatasetVersions.Folder}/{first.Digest.Sha256}"], await VersionsOf(_store, experimentId));
    }

    [Fact]
    public async Task StoreAsync_ChangedCell_NewVersionBesideTheOld()
    {
        var experimentId = await _store.CreateExperimentAsync("tips", null, [], Ct);
        var lines = await File.ReadAllLinesAsync(DataFixtures.TipsPath, Ct);
        lines[1] = lines[1].Replace("16.99", "17.99", StringComparison.Ordinal);
        var changed = _directory.Combine("tips.csv");
        await File.WriteAllLinesAsync(changed, lines, Ct);

        var original = await DatasetVersions.StoreAsync(_store, experimentId, DataFixtures.TipsPath, Load(DataFixtures.TipsPath), Ct);
        var edited = await DatasetVersions.StoreAsync(_store, experimentId, changed, Load(changed), Ct);

        Assert.True(edited.Written);
        Assert.NotEqual(original.Digest, edited.Digest);
        Assert.Equal(2, (await VersionsOf(_store, experimentId)).Count);
    }

    [Fact]
    public async Task StoreAsync_InterruptedBeforeTheDescription_IsStoredAgain()
    {
        var experimentId = await _store.CreateExperimentAsync("tips", null, [], Ct);
        var table = Load(DataFixtures.TipsPath);
        var first = await DatasetVersions.StoreAsync(_store, experimentId, DataFixtures.TipsPath, table, Ct);
        var repository = ArtifactRepositories.For(first.Uri, _store);
        await repository.DeleteAsync(DatasetVersions.DescriptionFile, Ct); // as if killed between the two writes

        var retried = await DatasetVersions.StoreAsync(_store, experimentId, DataFixtures.TipsPath, table, Ct);

        Assert.True(retried.Written);
        Assert.Contains(await repository.ListAsync(string.Empty, Ct), f => f.Path == DatasetVersions.DescriptionFile);
    }

    [Fact]
    public async Task StoreAsync_ThroughAServer_StoredUnderTheServersArtifactDestination()
    {
        var destination = _directory.Combine("server-artifacts");
        await using var server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = _directory.SqliteUri("server.db"),
            ArtifactsDestination = destination,
        }, Ct);
        await using var remote = await TrackingStores.OpenAsync(server.Url.GetLeftPart(UriPartial.Authority), null, Ct);
        var experimentId = await remote.CreateExperimentAsync("tips", null, [], Ct);

        var first = await DatasetVersions.StoreAsync(remote, experimentId, DataFixtures.TipsPath, Load(DataFixtures.TipsPath), Ct);
        var again = await DatasetVersions.StoreAsync(remote, experimentId, DataFixtures.TipsPath, Load(DataFixtures.TipsPath), Ct);

        Assert.StartsWith(ArtifactRepositories.ProxyScheme, first.Uri, StringComparison.Ordinal);
        Assert.True(first.Written);
        Assert.False(again.Written);
        var onDisk = Path.Combine(destination, experimentId, DatasetVersions.Folder, first.Digest.Sha256, DatasetVersions.DataFile);
        Assert.Equal(await File.ReadAllBytesAsync(DataFixtures.TipsPath, Ct), await File.ReadAllBytesAsync(onDisk, Ct));
    }

    [Fact]
    public async Task FindAsync_ShortOrFullDigestOfALoggedVersion_ItsDataset_ReadBackAsTheSameTable()
    {
        var experimentId = await _store.CreateExperimentAsync("found", null, [], Ct);
        var table = Load(DataFixtures.TipsPath);
        var stored = await DatasetVersions.StoreAsync(_store, experimentId, DataFixtures.TipsPath, table, Ct);
        var run = await _store.CreateRunAsync(new RunCreation { ExperimentId = experimentId, StartTime = 1 }, Ct);
        await _store.LogInputsAsync(run.Info.RunId, [new DatasetInput([], stored.Dataset)], Ct);

        var byShort = await DatasetVersions.FindAsync(_store, stored.Digest.Short, Ct);
        var byFull = await DatasetVersions.FindAsync(_store, stored.Digest.Sha256, Ct);
        var read = await DatasetVersions.ReadAsync(_store, byShort!, "stored tips", new ColumnMapping { Target = "tip" }, Ct);

        Assert.Equal(stored.Dataset, byShort);
        Assert.Equal(stored.Dataset, byFull);
        Assert.Equal(stored.Digest, DatasetDigest.Compute(read));
        Assert.Equal("stored tips", read.Name);
    }

    [Fact]
    public async Task FindAsync_NoRunLoggedIt_Null()
    {
        await _store.CreateExperimentAsync("empty", null, [], Ct);

        Assert.Null(await DatasetVersions.FindAsync(_store, "0123abcd", Ct));
        Assert.Null(await DatasetVersions.FindAsync(_store, new string('a', 64), Ct));
    }

    [Theory]
    [InlineData("0123abc")]
    [InlineData("0123ABCD")]
    [InlineData("tips.csv")]
    public async Task FindAsync_NotADigest_Rejected(string text)
    {
        Assert.False(DatasetVersions.IsDigest(text));
        await Assert.ThrowsAsync<Argus.Core.Errors.ArgusException>(() => DatasetVersions.FindAsync(_store, text, Ct));
    }

    [Fact]
    public async Task ReadAsync_DatasetArgusDidNotStore_SaysSo()
    {
        var error = await Assert.ThrowsAsync<Argus.Core.Errors.ArgusException>(() =>
            DatasetVersions.ReadAsync(_store, new Dataset("remote", "abcd1234", "s3", "{\"uri\": \"s3://b/k\"}"), "remote", null, Ct));

        Assert.Equal("Dataset 'remote' (abcd1234) is not stored by Argus (source type 's3').", error.Message);
    }
}
