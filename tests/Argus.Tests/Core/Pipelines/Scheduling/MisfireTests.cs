using Argus.Core.Pipelines.Scheduling;

namespace Argus.Tests.Core.Pipelines.Scheduling;

public sealed class MisfireTests
{
    private static readonly CronSchedule Hourly = CronSchedule.Parse("0 * * * *");
    private static readonly DateTimeOffset Created = new(2025, 1, 1, 9, 15, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int hour, int minute = 0) => new(2025, 1, 1, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Due_NoTickSinceTheLast_Null()
    {
        Assert.Null(Misfire.Due(Hourly, At(10), Created, At(10, 59)));
        Assert.Null(Misfire.Due(Hourly, At(10), Created, At(10)));
    }

    [Fact]
    public void Due_OneTick_ThatTickNothingSkipped()
    {
        Assert.Equal(new DueTick(At(11), null), Misfire.Due(Hourly, At(10), Created, At(11)));
    }

    [Fact]
    public void Due_SeveralMissed_OnlyTheLatestRunsAndTheFirstSkippedIsNamed()
    {
        Assert.Equal(new DueTick(At(13), At(11)), Misfire.Due(Hourly, At(10), Created, At(13, 20)));
    }

    [Fact]
    public void Due_NeverTicked_CountsFromCreation()
    {
        Assert.Null(Misfire.Due(Hourly, null, Created, At(9, 59)));
        Assert.Equal(new DueTick(At(10), null), Misfire.Due(Hourly, null, Created, At(10, 0)));
    }
}
