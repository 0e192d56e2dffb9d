using System.Diagnostics;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Argus.Core.Artifacts;

namespace Argus.Tests.Infrastructure;

/// <summary>
/// A real S3 endpoint for the test run: moto's <c>moto_server</c> on a free 127.0.0.1 port, ready once it answers
/// HTTP, stopped by its PID at the end. Each test makes buckets of its own, so tests share it safely. A missing
/// <c>moto_server</c> fails the tests that need it (it is not skipped): see <see cref="InstallHint"/>.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    /// <summary>What to do when moto_server is missing.</summary>
    public const string InstallHint =
        "moto_server (the moto S3 mock, Python package 'moto[server]') was not found on PATH, in ~/.pyenv/shims or ~/.pyenv/versions/*/bin, " +
        "or at $ARGUS_MOTO_SERVER. Install it into a Python environment on PATH (pip install 'moto[server]'), or set ARGUS_MOTO_SERVER to its path.";

    /// <summary>Moto checks that every part but the last is at least this big (S3's own minimum is 5 MiB); tests use small parts.</summary>
    public const int MinPartSize = 1024;

    private const string AccessKey = "argus-test-access-key";

    private readonly StringBuilder _log = new();
    private Process? _process;

    /// <summary>The secret the test credentials sign with (never to appear in a message).</summary>
    public const string SecretKey = "argus-test-secret-key-do-not-print";

    /// <summary>Extra environment for moto_server (e.g. <c>INITIAL_NO_AUTH_ACTION_COUNT</c> to enforce authentication).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1");

    /// <summary>The credentials tests sign with; moto accepts any.</summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials(AccessKey, SecretKey);

    /// <summary>A client for checking what is stored, outside the repository under test.</summary>
    public IAmazonS3 Client { get; private set; } = null!;

    /// <summary>Options reaching this server with the test credentials; <paramref name="configure"/> changes them further.</summary>
    public S3ArtifactOptions Options(Func<S3ArtifactOptions, S3ArtifactOptions>? configure = null)
    {
        var options = new S3ArtifactOptions { EndpointUrl = Endpoint.ToString().TrimEnd('/'), Region = "us-east-1", Credentials = Credentials };
        return configure is null ? options : configure(options);
    }

    /// <summary>The environment a child <c>argus</c> process needs to reach this server (credentials and endpoint as MLflow names them).</summary>
    public IReadOnlyDictionary<string, string> ChildEnvironment => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        [S3ArtifactOptions.EndpointVariable] = Endpoint.ToString().TrimEnd('/'),
    };

    /// <summary>Creates a bucket with a fresh name and returns the name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = "argus-" + Guid.NewGuid().ToString("N")[..20];
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>Every key in <paramref name="bucket"/>, sorted.</summary>
    public async Task<List<string>> KeysAsync(string bucket)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token });
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>The multipart uploads begun in <paramref name="bucket"/> and neither completed nor aborted.</summary>
    public async Task<List<string>> PendingUploadsAsync(string bucket)
    {
        var uploads = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        return (uploads.MultipartUploads ?? []).Select(u => u.Key).ToList();
    }

    public async Task InitializeAsync()
    {
        var binary = Find() ?? throw new InvalidOperationException(InstallHint);
        var port = LoopbackPorts.Free();
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["S3_UPLOAD_PART_MIN_SIZE"] = MinPartSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {binary}.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        try
        {
            await WaitReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        Client = new AmazonS3Client(Credentials, new AmazonS3Config
        {
            ServiceURL = Endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public async Task DisposeAsync()
    {
        (Client as IDisposable)?.Dispose();
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    /// <summary>moto_server from $ARGUS_MOTO_SERVER, PATH, pyenv's shims, or any pyenv version; null when absent.</summary>
    public static string? Find()
    {
        var configured = System.Environment.GetEnvironmentVariable("ARGUS_MOTO_SERVER");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        var pyenv = System.Environment.GetEnvironmentVariable("PYENV_ROOT") is { Length: > 0 } root ? root : Path.Combine(home, ".pyenv");
        var candidates = (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "moto_server"))
            .Append(Path.Combine(pyenv, "shims", "moto_server"))
            .Concat(Directory.Exists(Path.Combine(pyenv, "versions"))
                ? Directory.GetDirectories(Path.Combine(pyenv, "versions")).OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin", "moto_server"))
                : []);
        return candidates.FirstOrDefault(File.Exists);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    // moto gives no signal that it listens: poll until any HTTP answer comes back.
    private async Task WaitReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode}: {Log()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/"));
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"moto_server was not ready within {within}: {Log()}");
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }
}
