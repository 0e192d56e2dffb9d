using System.Globalization;

namespace Argus.Bench;

/// <summary>
/// What the machine did during a measured phase, from /proc: CPU of the bench client, of the
/// server processes (and their children, e.g. PostgreSQL backends), of everything else
/// ("background"), and hypervisor steal, each as a percentage of one core.
/// </summary>
internal sealed class CpuSampler
{
    private readonly IReadOnlyList<int> _serverPids;
    private readonly long _startTicks;
    private readonly long[] _startTotal;
    private readonly long _startClient;
    private readonly Dictionary<int, long> _startServer;
    private readonly Dictionary<int, int> _rootOf = [];

    private CpuSampler(IReadOnlyList<int> serverPids)
    {
        _serverPids = serverPids;
        _startTicks = System.Diagnostics.Stopwatch.GetTimestamp();
        _startTotal = ReadStat();
        _startClient = ProcessTicks(Environment.ProcessId);
        _startServer = ServerTicks();
    }

    /// <summary>Starts a phase; <paramref name="serverPids"/> are the processes serving it (their children count too).</summary>
    public static CpuSampler Start(IReadOnlyList<int> serverPids) => new(serverPids);

    public CpuUsage Stop()
    {
        var endTotal = ReadStat();
        var endClient = ProcessTicks(Environment.ProcessId);
        var endServer = ServerTicks();
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(_startTicks).TotalSeconds;
        var hz = 100.0; // USER_HZ on Linux.
        double Pct(long ticks) => ticks / hz / seconds * 100.0;

        var busy = Busy(endTotal) - Busy(_startTotal);
        var steal = endTotal[7] - _startTotal[7];
        var client = endClient - _startClient;
        long server = 0;
        var byRoot = _serverPids.ToDictionary(p => p, _ => 0L);
        foreach (var (pid, ticks) in endServer)
        {
            var delta = ticks - _startServer.GetValueOrDefault(pid);
            server += delta;
            byRoot[_rootOf[pid]] += delta;
        }

        var background = Math.Max(0, busy - client - server);
        var split = string.Join("/", byRoot.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}:{Pct(kv.Value):F0}")));
        return new CpuUsage(seconds, Pct(client), Pct(server), Pct(background), Pct(steal), split);
    }

    /// <summary>Waits (bounded) until processes other than ours use less than <paramref name="maxPct"/> of a core and steal is below it too.</summary>
    public static async Task<CpuUsage> WaitForQuietAsync(IReadOnlyList<int> serverPids, double maxPct, TimeSpan maxWait)
    {
        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(maxWait.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (true)
        {
            var sampler = Start(serverPids);
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            var usage = sampler.Stop();
            if ((usage.BackgroundPct < maxPct && usage.StealPct < maxPct) || System.Diagnostics.Stopwatch.GetTimestamp() > deadline)
            {
                return usage;
            }
        }
    }

    private Dictionary<int, long> ServerTicks()
    {
        var result = new Dictionary<int, long>();
        foreach (var pid in _serverPids)
        {
            foreach (var p in WithDescendants(pid))
            {
                result[p] = ProcessTicks(p);
                _rootOf[p] = pid;
            }
        }

        return result;
    }

    private static long Busy(long[] t) => t[0] + t[1] + t[2] + t[5] + t[6];

    /// <summary>user nice system idle iowait irq softirq steal, in ticks.</summary>
    private static long[] ReadStat()
    {
        var line = File.ReadLines("/proc/stat").First();
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>utime + stime of a process in ticks, 0 if it is gone.</summary>
    public static long ProcessTicks(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<int> WithDescendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while we listed /proc.
            }
        }

        var result = new List<int> { root };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(parents.Where(kv => kv.Value == result[i]).Select(kv => kv.Key));
        }

        return result;
    }

    /// <summary>VmRSS and VmHWM of a process in KiB.</summary>
    public static (long RssKiB, long HwmKiB) Memory(int pid)
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KiB(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = KiB(line);
            }
        }

        return (rss, hwm);

        static long KiB(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
