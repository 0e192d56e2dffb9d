namespace Argus.Core.Pipelines.Scheduling;

/// <summary>
/// Which tick of a schedule is due now. The policy is <em>run once</em>: when ticks were missed (the server was down,
/// or a run was still going), only the latest missed tick runs, once, and the earlier ones are skipped — a pipeline
/// that retrains on the latest data gains nothing from running the same work several times in a row.
/// </summary>
public static class Misfire
{
    /// <summary>
    /// The tick to run at <paramref name="now"/>: the latest tick after <paramref name="lastTick"/> (or, for a schedule
    /// that never ticked, after <paramref name="since"/>, when it was created) and at or before <paramref name="now"/>;
    /// null when no tick is due.
    /// </summary>
    public static DueTick? Due(CronSchedule schedule, DateTimeOffset? lastTick, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var floor = lastTick ?? since;
        if (now <= floor)
        {
            return null;
        }

        var latest = schedule.Previous(now);
        if (latest <= floor)
        {
            return null;
        }

        var first = schedule.Next(floor);
        return new DueTick(latest, first < latest ? first : null);
    }
}
