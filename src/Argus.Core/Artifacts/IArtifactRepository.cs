using Argus.Core.Tracking.Rest;

namespace Argus.Core.Artifacts;

/// <summary>
/// A tree of artifact files under one root URI. Paths are relative and checked by
/// <see cref="ArtifactPaths"/>; writes are atomic (a reader sees the old file or the new one, never part).
/// </summary>
public interface IArtifactRepository
{
    /// <summary>The root this repository serves.</summary>
    string RootUri { get; }

    /// <summary>The entries directly under a directory ("" for the root); empty when it does not exist.</summary>
    Task<IReadOnlyList<ArtifactFile>> ListAsync(string path, CancellationToken cancellationToken);

    /// <summary>Opens a file for reading; RESOURCE_DOES_NOT_EXIST when absent.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Writes a file from a stream, replacing any file at that path; returns the bytes written.</summary>
    Task<long> WriteAsync(string path, Stream content, long? maxBytes, CancellationToken cancellationToken);

    /// <summary>Deletes a file or a directory tree; absent paths are not an error.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken);
}
