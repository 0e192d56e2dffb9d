using System.Globalization;

namespace Argus.Bench;

/// <summary>CPU during a phase as a percentage of one core (2 cores = 200 %).</summary>
internal readonly record struct CpuUsage(double Seconds, double ClientPct, double ServerPct, double BackgroundPct, double StealPct, string ServerPctByPid = "")
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"client_cpu_pct={ClientPct:F0};server_cpu_pct={ServerPct:F0};server_cpu_pct_by_pid={ServerPctByPid};bg_pct={BackgroundPct:F1};steal_pct={StealPct:F1}");
}
