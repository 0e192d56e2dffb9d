using Argus.Core.Errors;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Artifacts;

/// <summary>Artifacts on the local filesystem, written via a temp file and rename.</summary>
public sealed class LocalArtifactRepository : IArtifactRepository
{
    private readonly string _root;

    public LocalArtifactRepository(string rootDirectory)
    {
        _root = Path.GetFullPath(rootDirectory).TrimEnd(Path.DirectorySeparatorChar);
        RootUri = new Uri(_root + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');
    }

    public string RootUri { get; }

    /// <summary>The directory this repository writes under.</summary>
    public string RootDirectory => _root;

    public Task<IReadOnlyList<ArtifactFile>> ListAsync(string path, CancellationToken cancellationToken)
    {
        var relative = ArtifactPaths.Normalize(path);
        var directory = Resolve(relative);
        if (!Directory.Exists(directory))
        {
            return Task.FromResult<IReadOnlyList<ArtifactFile>>([]);
        }

        var entries = new List<ArtifactFile>();
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.Name.EndsWith(".argus-tmp", StringComparison.Ordinal))
            {
                continue;
            }

            var entryPath = ArtifactPaths.Join(relative, entry.Name);
            entries.Add(entry is FileInfo file ? new ArtifactFile(entryPath, false, file.Length) : new ArtifactFile(entryPath, true));
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult<IReadOnlyList<ArtifactFile>>(entries);
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Resolve(ArtifactPaths.Normalize(path));
        if (!File.Exists(full))
        {
            throw ArgusException.NotFound($"Artifact '{path}' does not exist.");
        }

        return Task.FromResult<Stream>(new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true));
    }

    public async Task<long> WriteAsync(string path, Stream content, long? maxBytes, CancellationToken cancellationToken)
    {
        var relative = ArtifactPaths.Normalize(path);
        if (relative.Length == 0)
        {
            throw ArgusException.InvalidParameter("An artifact upload needs a file path.");
        }

        var full = Resolve(relative);
        if (Directory.Exists(full))
        {
            throw ArgusException.InvalidParameter($"Artifact path '{relative}' is a directory.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Guid.NewGuid():N}.argus-tmp";
        long written = 0;
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    written += read;
                    if (maxBytes is { } max && written > max)
                    {
                        throw new ArgusException(ErrorCode.RequestTooLarge, $"Artifact '{relative}' is larger than the limit of {max} bytes.");
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
            return written;
        }
        catch (IOException e) when (StorageFailures.IsDiskFull(e))
        {
            TryDelete(temp);
            throw new ArgusException(ErrorCode.InsufficientStorage,
                $"The artifact store is full: '{relative}' was not stored ({written} bytes received). Files stored before are intact.");
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var relative = ArtifactPaths.Normalize(path);
        var full = Resolve(relative);
        if (File.Exists(full))
        {
            File.Delete(full);
        }
        else if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }

        return Task.CompletedTask;
    }

    private string Resolve(string relative)
    {
        var full = relative.Length == 0 ? _root : Path.GetFullPath(Path.Combine(_root, relative));
        // Defence in depth: the normalized path cannot escape, but check the resolved one too.
        if (full != _root && !full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw ArgusException.InvalidParameter($"Invalid artifact path '{relative}': it resolves outside the artifact root.");
        }

        return full;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is skipped by listings.
        }
    }
}
