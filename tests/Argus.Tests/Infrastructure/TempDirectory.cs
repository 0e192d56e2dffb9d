namespace Argus.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "argus-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A <c>sqlite:///</c> URI (absolute form) for a database file in this directory.</summary>
    public string SqliteUri(string file = "argus.db") => "sqlite:///" + System.IO.Path.Combine(Path, file);

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we started may still hold a file for a moment; the OS cleans temp.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
