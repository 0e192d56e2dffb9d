using Argus.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Argus.Tests.Deploy;

/// <summary>
/// The files under <c>deploy/</c> in the repository, and the Prometheus tools that check them. A tool
/// that is not installed fails the test with the package to install; it never skips.
/// </summary>
public static class DeployFiles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The repository root: the nearest folder above the test binaries holding Argus.slnx.</summary>
    public static string RepositoryRoot => Root.Value;

    public static string Deploy(params string[] parts) => Path.Combine([RepositoryRoot, "deploy", .. parts]);

    /// <summary>The files matching <paramref name="pattern"/> in a folder under deploy/, sorted by name.</summary>
    public static IReadOnlyList<string> Files(string folder, string pattern)
    {
        var files = Directory.GetFiles(Deploy(folder), pattern);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    public static YamlMappingNode LoadYaml(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>
    /// Runs a Prometheus tool in <paramref name="workingDirectory"/> and returns its exit code and output;
    /// fails the test when the tool is not installed.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToolAsync(string tool, string debianPackage, string workingDirectory, params string[] arguments)
    {
        var path = FindOnPath(tool);
        if (path is null)
        {
            Assert.Fail($"{tool} is not on PATH, and the deploy tests need it. Install the Debian package {debianPackage} (scripts/setup.sh does: apt-get install {debianPackage}).");
        }

        return await ProcessRunner.RunAsync(path, arguments, TimeSpan.FromMinutes(2), workingDirectory);
    }

    /// <summary>Fails with every problem on its own line (Assert.Empty would cut long lists short).</summary>
    public static void AssertNoProblems(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        if (list.Count > 0)
        {
            Assert.Fail($"{list.Count} problem(s):\n{string.Join('\n', list)}");
        }
    }

    private static string? FindOnPath(string tool)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(directory => Path.Combine(directory, tool)).FirstOrDefault(File.Exists);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Argus.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Argus.slnx; the deploy tests read deploy/ from the repository.");
    }
}
