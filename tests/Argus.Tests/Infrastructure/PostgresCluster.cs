using Npgsql;

namespace Argus.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: <c>initdb</c> into a temp directory, a free
/// loopback port, trust auth, and stopped (by its postmaster PID) and deleted at the end. Each test
/// gets its own database. Set <c>ARGUS_TEST_POSTGRES_URI</c> to use an existing server instead.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string ExternalVariable = "ARGUS_TEST_POSTGRES_URI";

    private TempDirectory? _directory;
    private string? _binDirectory;
    private string? _adminConnectionString;
    private string? _startOptions;
    private int _port;

    /// <summary>The URI of the maintenance database, e.g. postgresql://postgres@127.0.0.1:PORT/postgres.</summary>
    public string AdminUri { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            AdminUri = external;
            _adminConnectionString = Argus.Core.Tracking.TrackingStores.PostgresConnectionString(external);
            return;
        }

        _binDirectory = FindBinDirectory();
        _directory = new TempDirectory("argus-pg");
        var data = _directory.Combine("data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await Run("chown", ["-R", "postgres:postgres", _directory.Path], asRoot: false);
        }

        await Run(Path.Combine(_binDirectory, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asRoot);
        _port = LoopbackPorts.Free();
        _startOptions = $"-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_directory.Path} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await StartAsync();
        AdminUri = $"postgresql://postgres@127.0.0.1:{_port}/postgres";
        _adminConnectionString = Argus.Core.Tracking.TrackingStores.PostgresConnectionString(AdminUri);
    }

    /// <summary>Stops the server ("fast": sessions are ended, as when PostgreSQL is restarted for maintenance) and waits until it is down.</summary>
    public Task StopAsync() => PgCtl("-m", "fast", "stop");

    /// <summary>Starts the (stopped) server on the same port and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        await PgCtl("-o", _startOptions!, "-l", _directory!.Combine("postgres.log"), "start");

        // This process's pooled connections died with the old server; the fixture's next use must not meet one.
        NpgsqlConnection.ClearAllPools();
    }

    private Task PgCtl(params string[] arguments)
    {
        if (_directory is null || _binDirectory is null)
        {
            throw new InvalidOperationException("Only a cluster this fixture started can be stopped and started.");
        }

        return Run(Path.Combine(_binDirectory, "pg_ctl"), ["-D", _directory.Combine("data"), "-w", "-t", "60", .. arguments], Environment.UserName == "root");
    }

    /// <summary>Creates an empty database and returns its URI.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "argus_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
#pragma warning disable CA2100 // The name is generated here from a GUID, never user input.
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
#pragma warning restore CA2100
            await cmd.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(_adminConnectionString);
        return $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{name}";
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is null || _binDirectory is null)
        {
            return;
        }

        var pidFile = _directory.Combine("data", "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllLinesAsync(pidFile))[0], out var pid))
        {
            try
            {
                using var postmaster = System.Diagnostics.Process.GetProcessById(pid);
                // SIGINT to the postmaster is PostgreSQL's "fast shutdown".
                await Run("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], asRoot: false);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await postmaster.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    postmaster.Kill(entireProcessTree: true);
                }
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        _directory.Dispose();
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("ARGUS_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. Run scripts/setup.sh (it installs postgresql), " +
            $"set ARGUS_PG_BIN, or point {ExternalVariable} at a server.");
    }


    private static async Task Run(string file, string[] arguments, bool asRoot)
    {
        var (exitCode, output) = asRoot
            ? await ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", file, .. arguments], TimeSpan.FromMinutes(2))
            : await ProcessRunner.RunAsync(file, arguments, TimeSpan.FromMinutes(2));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed with exit code {exitCode}: {output}");
        }
    }
}
