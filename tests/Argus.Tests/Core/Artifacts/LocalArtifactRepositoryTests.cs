using Argus.Core.Artifacts;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Artifacts;

/// <summary>The artifact repository contract on a local directory.</summary>
public sealed class LocalArtifactRepositoryTests : ArtifactRepositoryContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override IArtifactRepository Repository => new LocalArtifactRepository(_directory.Combine("root"));

    protected override Task<List<string>> StoredAsync() => Task.FromResult(
        Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_directory.Path, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList());
}
