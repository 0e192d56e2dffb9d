using System.Globalization;

namespace Argus.Core.Telemetry;

/// <summary>
/// client_golang's standard <c>process_*</c> metrics on Linux, read from <c>/proc/self</c> once per render; a value
/// that cannot be read is left out rather than faked.
/// </summary>
internal sealed class ProcessMetrics
{
    // procfs assumes USER_HZ = 100, as client_golang's procfs does.
    private const double TicksPerSecond = 100;

    private readonly string _proc;
    private long _readAt = -1;
    private Snapshot _snapshot;

    public ProcessMetrics(string proc = "/proc")
    {
        _proc = proc;
        Families =
        [
            new ProcessFamily(this, "process_cpu_seconds", "process_cpu_seconds_total", MetricType.Counter, null, "Total user and system CPU time spent in seconds.", static s => s.CpuSeconds),
            new ProcessFamily(this, "process_max_fds", "process_max_fds", MetricType.Gauge, null, "Maximum number of open file descriptors.", static s => s.MaxFds),
            new ProcessFamily(this, "process_open_fds", "process_open_fds", MetricType.Gauge, null, "Number of open file descriptors.", static s => s.OpenFds),
            new ProcessFamily(this, "process_resident_memory_bytes", "process_resident_memory_bytes", MetricType.Gauge, null, "Resident memory size in bytes.", static s => s.ResidentBytes),
            new ProcessFamily(this, "process_start_time_seconds", "process_start_time_seconds", MetricType.Gauge, null, "Start time of the process since unix epoch in seconds.", static s => s.StartTimeSeconds),
            new ProcessFamily(this, "process_virtual_memory_bytes", "process_virtual_memory_bytes", MetricType.Gauge, null, "Virtual memory size in bytes.", static s => s.VirtualBytes),
        ];
    }

    /// <summary>Whether this system has <c>/proc/self/stat</c>.</summary>
    public static bool Available => OperatingSystem.IsLinux() && File.Exists("/proc/self/stat");

    public IReadOnlyList<FamilySource> Families { get; }

    /// <summary>Reads <c>stat</c>, <c>fd</c> and <c>limits</c> of <c>/proc/self</c>, and <c>btime</c> of <c>/proc/stat</c>.</summary>
    public Snapshot Read()
    {
        double? cpu = null, virtualBytes = null, resident = null, start = null, open = null, max = null;
        try
        {
            var stat = File.ReadAllText(Path.Combine(_proc, "self", "stat"));
            // The command name may hold spaces and parentheses; fields resume after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            cpu = (ParseLong(fields[11]) + ParseLong(fields[12])) / TicksPerSecond;
            virtualBytes = ParseLong(fields[20]);
            resident = ParseLong(fields[21]) * (double)Environment.SystemPageSize;
            if (BootTime() is { } boot)
            {
                start = boot + (ParseLong(fields[19]) / TicksPerSecond);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // Left out.
        }

        try
        {
            open = Directory.EnumerateFileSystemEntries(Path.Combine(_proc, "self", "fd")).Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left out.
        }

        try
        {
            foreach (var line in File.ReadLines(Path.Combine(_proc, "self", "limits")))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
                    max = soft == "unlimited" ? ulong.MaxValue : ParseLong(soft);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Left out.
        }

        return new Snapshot(cpu, resident, virtualBytes, start, open, max);
    }

    private Snapshot ReadOnce(long generation)
    {
        if (generation != _readAt)
        {
            _snapshot = Read();
            _readAt = generation;
        }

        return _snapshot;
    }

    private double? BootTime()
    {
        foreach (var line in File.ReadLines(Path.Combine(_proc, "stat")))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal))
            {
                return ParseLong(line.AsSpan(6).Trim());
            }
        }

        return null;
    }

    private static long ParseLong(ReadOnlySpan<char> text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>One reading; null where a value could not be read.</summary>
    internal readonly record struct Snapshot(double? CpuSeconds, double? ResidentBytes, double? VirtualBytes, double? StartTimeSeconds, double? OpenFds, double? MaxFds);

    private sealed class ProcessFamily(ProcessMetrics owner, string family, string sample, MetricType type, string? unit, string help, Func<Snapshot, double?> select)
        : FamilySource(new ExpositionFamily(family, sample, type, unit, help), -1)
    {
        public override void Write(ExpositionWriter writer, long generation)
        {
            if (select(owner.ReadOnce(generation)) is { } value)
            {
                writer.Family(Family);
                writer.Sample(Family.SampleName, [], value);
            }
        }
    }
}
