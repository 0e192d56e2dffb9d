using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Scheduling;

namespace Argus.Tests.Core.Pipelines.Scheduling;

public sealed class CronScheduleTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string[] Ticks(string cron, string after, int count, string zone = "UTC") =>
        [.. CronSchedule.Parse(cron, zone).Upcoming(Utc(after), count).Select(t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))];

    [Theory]
    [InlineData("*/15 * * * *", "2025-01-01T10:07:00Z", "2025-01-01T10:15:00Z")]
    [InlineData("*/15 * * * *", "2025-01-01T10:15:00Z", "2025-01-01T10:30:00Z")]
    [InlineData("*/15 * * * *", "2025-01-01T23:50:30Z", "2025-01-02T00:00:00Z")]
    [InlineData("0 3 1 * *", "2025-01-15T00:00:00Z", "2025-02-01T03:00:00Z")]
    [InlineData("0 3 1 * *", "2025-12-01T03:00:00Z", "2026-01-01T03:00:00Z")]
    [InlineData("0 0 31 * *", "2025-01-31T00:00:00Z", "2025-03-31T00:00:00Z")]
    [InlineData("0 0 31 * *", "2025-03-31T00:00:00Z", "2025-05-31T00:00:00Z")]
    [InlineData("0 0 31 * *", "2025-07-31T00:00:00Z", "2025-08-31T00:00:00Z")]
    [InlineData("0 12 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T12:00:00Z")]
    [InlineData("0 12 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T12:00:00Z")]
    [InlineData("0 9 * JAN,jul MON-FRI", "2025-01-03T10:00:00Z", "2025-01-06T09:00:00Z")]
    [InlineData("0 9 * JAN,jul MON-FRI", "2025-01-31T09:00:00Z", "2025-07-01T09:00:00Z")]
    [InlineData("0 0 * * 7", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z")]
    [InlineData("0 0 * * SUN", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z")]
    [InlineData("0 0 30 2 MON", "2025-01-01T00:00:00Z", "2025-02-03T00:00:00Z")]
    [InlineData("@hourly", "2025-01-01T10:30:00Z", "2025-01-01T11:00:00Z")]
    [InlineData("@daily", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z")]
    [InlineData("@midnight", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z")]
    [InlineData("@weekly", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z")]
    [InlineData("@monthly", "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z")]
    [InlineData("@yearly", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("@annually", "2025-06-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    public void Next_Utc_HandCheckedVectors(string cron, string after, string expected)
    {
        Assert.Equal(Utc(expected), CronSchedule.Parse(cron).Next(Utc(after)));
    }

    [Theory]
    [InlineData("*/15 * * * *", "2025-01-01T10:15:00Z", "2025-01-01T10:15:00Z")]
    [InlineData("*/15 * * * *", "2025-01-01T10:14:59Z", "2025-01-01T10:00:00Z")]
    [InlineData("0 3 1 * *", "2025-01-01T02:59:00Z", "2024-12-01T03:00:00Z")]
    [InlineData("0 12 29 2 *", "2028-02-29T11:59:00Z", "2024-02-29T12:00:00Z")]
    [InlineData("0 0 31 * *", "2025-05-30T00:00:00Z", "2025-03-31T00:00:00Z")]
    public void Previous_Utc_AtOrBefore(string cron, string atOrBefore, string expected)
    {
        Assert.Equal(Utc(expected), CronSchedule.Parse(cron).Previous(Utc(atOrBefore)));
    }

    [Fact]
    public void Upcoming_StepRanges_EveryOtherMinuteInTheRange()
    {
        Assert.Equal(["2025-01-01 00:01", "2025-01-01 00:03", "2025-01-01 00:05", "2025-01-01 00:07", "2025-01-01 00:09", "2025-01-01 01:01"],
            Ticks("1-10/2 * * * *", "2025-01-01T00:00:00Z", 6));
        Assert.Equal(["2025-01-01 00:05", "2025-01-01 00:25", "2025-01-01 00:45", "2025-01-01 01:05"],
            Ticks("5/20 * * * *", "2025-01-01T00:00:00Z", 4));
    }

    [Fact]
    public void Upcoming_BothDayFieldsRestricted_EitherMatches()
    {
        // Fridays of June and July 2025, and Sunday July 13th.
        Assert.Equal(["2025-06-06 00:00", "2025-06-13 00:00", "2025-06-20 00:00", "2025-06-27 00:00", "2025-07-04 00:00", "2025-07-11 00:00", "2025-07-13 00:00"],
            Ticks("0 0 13 * FRI", "2025-06-01T00:00:00Z", 7));
    }

    [Fact]
    public void Upcoming_DayFieldStartingWithStar_BothMustMatch()
    {
        // */2 starts with '*': odd days that are Mondays (June 2025's Mondays: 2, 9, 16, 23, 30).
        Assert.Equal(["2025-06-09 00:00", "2025-06-23 00:00"], Ticks("0 0 */2 * MON", "2025-06-01T00:00:00Z", 2));
    }

    [Fact]
    public void Upcoming_WeekdayRangesThroughSunday()
    {
        Assert.Equal(["2025-01-03 00:00", "2025-01-04 00:00", "2025-01-05 00:00", "2025-01-10 00:00"], Ticks("0 0 * * 5-7", "2025-01-01T00:00:00Z", 4));
        Assert.Equal(["2025-01-04 00:00", "2025-01-05 00:00", "2025-01-06 00:00"], Ticks("0 0 * * MON-SUN", "2025-01-03T00:00:00Z", 3));
    }

    [Fact]
    public void Berlin_SpringForward_SkippedTimeFiresWhenClocksJump()
    {
        // 2025-03-30 01:00 UTC: 02:00 CET becomes 03:00 CEST; 02:30 does not exist that day.
        Assert.Equal(["2025-03-29 01:30", "2025-03-30 01:00", "2025-03-31 00:30"], Ticks("30 2 * * *", "2025-03-28T12:00:00Z", 3, "Europe/Berlin"));
    }

    [Fact]
    public void Berlin_SpringForward_SkippedQuartersFireOnce()
    {
        // 01:45 CET, then 02:00–02:45 (skipped) and 03:00 CEST all at the jump, then 03:15 CEST.
        Assert.Equal(["2025-03-30 00:45", "2025-03-30 01:00", "2025-03-30 01:15", "2025-03-30 01:30"],
            Ticks("*/15 * * * *", "2025-03-30T00:30:00Z", 4, "Europe/Berlin"));
    }

    [Fact]
    public void Berlin_FallBack_RepeatedTimeFiresOnceAtFirstOccurrence()
    {
        // 2025-10-26 01:00 UTC: 03:00 CEST becomes 02:00 CET; 02:30 happens twice, fires at the first (00:30 UTC).
        Assert.Equal(["2025-10-26 00:30", "2025-10-27 01:30"], Ticks("30 2 * * *", "2025-10-25T12:00:00Z", 2, "Europe/Berlin"));
        Assert.Equal(["2025-10-26 00:00", "2025-10-26 00:30", "2025-10-26 02:00", "2025-10-26 02:30", "2025-10-26 03:00"],
            Ticks("*/30 * * * *", "2025-10-25T23:45:00Z", 5, "Europe/Berlin"));
    }

    [Fact]
    public void Berlin_FallBack_NextAndPreviousFromTheRepeatedHour()
    {
        var schedule = CronSchedule.Parse("*/30 * * * *", "Europe/Berlin");

        Assert.Equal(Utc("2025-10-26T02:00:00Z"), schedule.Next(Utc("2025-10-26T01:10:00Z")));
        Assert.Equal(Utc("2025-10-26T00:30:00Z"), schedule.Previous(Utc("2025-10-26T01:45:00Z")));
    }

    [Fact]
    public void Berlin_Monthly_LocalThreeOClock()
    {
        var schedule = CronSchedule.Parse("0 3 1 * *", "Europe/Berlin");

        Assert.Equal(Utc("2025-03-01T02:00:00Z"), schedule.Next(Utc("2025-03-01T01:59:00Z")));
        Assert.Equal(Utc("2025-04-01T01:00:00Z"), schedule.Next(Utc("2025-03-01T02:00:00Z")));
    }

    [Fact]
    public void NewYork_SpringForward_SkippedTimeFiresWhenClocksJump()
    {
        // 2025-03-09 07:00 UTC: 02:00 EST becomes 03:00 EDT.
        Assert.Equal(["2025-03-08 07:30", "2025-03-09 07:00", "2025-03-10 06:30"], Ticks("30 2 * * *", "2025-03-08T00:00:00Z", 3, "America/New_York"));
    }

    [Fact]
    public void NewYork_FallBack_RepeatedTimeFiresOnce()
    {
        // 2025-11-02 06:00 UTC: 02:00 EDT becomes 01:00 EST; 01:30 EDT is 05:30 UTC, 01:30 EST would be 06:30 UTC.
        var schedule = CronSchedule.Parse("30 1 * * *", "America/New_York");

        Assert.Equal(["2025-11-02 05:30", "2025-11-03 06:30"], Ticks("30 1 * * *", "2025-11-01T12:00:00Z", 2, "America/New_York"));
        Assert.Equal(Utc("2025-11-02T05:30:00Z"), schedule.Previous(Utc("2025-11-02T06:45:00Z")));
    }

    [Theory]
    [InlineData("60 * * * *", "minute value 60 is out of range 0–59")]
    [InlineData("* 24 * * *", "hour value 24 is out of range 0–23")]
    [InlineData("* * 0 * *", "day-of-month value 0 is out of range 1–31")]
    [InlineData("* * * 13 *", "month value 13 is out of range 1–12")]
    [InlineData("* * * * 8", "day-of-week value 8 is out of range 0–7")]
    [InlineData("* * * FOO *", "month 'FOO' is not a value (a number 1–12 or JAN–DEC)")]
    [InlineData("* * * * MOX", "day-of-week 'MOX' is not a value (a number 0–7 or SUN–SAT)")]
    [InlineData("*/0 * * * *", "minute step '0' must be a whole number from 1 to 60")]
    [InlineData("5-1 * * * *", "minute range '5-1' runs backwards")]
    [InlineData("1,,2 * * * *", "minute '1,,2' has an empty item")]
    [InlineData("* * * *", "expected five fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got 4")]
    [InlineData("", "got 0")]
    [InlineData("@reboot", "unknown macro '@reboot'")]
    [InlineData("0 0 30 2 *", "day-of-month '30' never falls in month '2', so it never fires")]
    [InlineData("0 0 31 4,6,9,11 *", "never fires")]
    public void Parse_Invalid_NamesTheField(string cron, string expected)
    {
        var error = Assert.Throws<ArgusException>(() => CronSchedule.Parse(cron));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith($"Invalid cron '{cron}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownZone_Rejected()
    {
        var error = Assert.Throws<ArgusException>(() => CronSchedule.Parse("0 0 * * *", "Mars/Olympus"));

        Assert.StartsWith("Unknown time zone 'Mars/Olympus'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_AlwaysInUtc()
    {
        var next = CronSchedule.Parse("0 9 * * *", "Europe/Berlin").Next(new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal((TimeSpan.Zero, Utc("2025-07-01T07:00:00Z")), (next.Offset, next));
    }
}
