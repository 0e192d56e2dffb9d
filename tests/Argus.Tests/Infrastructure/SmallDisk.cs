namespace Argus.Tests.Infrastructure;

/// <summary>
/// A small tmpfs mounted on a fresh directory, so a test can fill a real disk. Mounting needs root (CI runs as root);
/// anywhere else the test fails saying so. Unmounted when disposed.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static async Task<SmallDisk> MountAsync(string path, int sizeKiB)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"Filling a disk needs a small tmpfs, and mounting one needs root; this test runs as {Environment.UserName}.");
        }

        Directory.CreateDirectory(path);
        var (exitCode, output) = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={sizeKiB}k,mode=0700", "tmpfs", path], TimeSpan.FromSeconds(30));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"mount -t tmpfs failed with exit code {exitCode}: {output}");
        }

        return new SmallDisk(path);
    }

    public void Dispose()
    {
        // Lazy unmount: a file a server still holds open does not keep the mount (or the test) waiting.
        ProcessRunner.RunAsync("umount", ["-l", Path], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }
}
