using System.Globalization;
using System.Numerics;
using Argus.Core.Errors;

namespace Argus.Core.Pipelines.Scheduling;

/// <summary>
/// A five-field cron expression read in a time zone: <c>minute hour day-of-month month day-of-week</c>.
/// <list type="bullet">
/// <item>Each field: <c>*</c>, a value, a range <c>1-5</c>, a step <c>*/15</c>, <c>1-10/2</c> or <c>5/20</c> (from 5 to
/// the end), or a comma list of those. Months may be written JAN–DEC, days of the week SUN–SAT (any case); 0 and 7 are
/// both Sunday, and <c>MON-SUN</c> reads as Monday to Sunday.</item>
/// <item>Macros: <c>@yearly</c>/<c>@annually</c> (<c>0 0 1 1 *</c>), <c>@monthly</c> (<c>0 0 1 * *</c>), <c>@weekly</c>
/// (<c>0 0 * * 0</c>), <c>@daily</c>/<c>@midnight</c> (<c>0 0 * * *</c>), <c>@hourly</c> (<c>0 * * * *</c>).</item>
/// <item>Day fields as cron has always read them: when both day-of-month and day-of-week are restricted, a day matching
/// either fires (<c>0 0 1 * MON</c> is the 1st and every Monday); when either field starts with <c>*</c> (<c>*</c>,
/// <c>*/2</c>), a day must match both.</item>
/// <item>Daylight saving time: a local time that does not exist (the hour skipped when clocks spring forward) fires
/// at the first instant after the gap, as cron runs the jobs of a skipped hour right after the jump — several skipped
/// times fire once; a local time that happens twice (the hour repeated when clocks fall back) fires once, at its first
/// occurrence.</item>
/// </list>
/// Expressions that can never fire (<c>0 0 30 2 *</c>) are rejected. Immutable and thread-safe.
/// </summary>
public sealed class CronSchedule
{
    // A day-of-month and weekday combination recurs within 28 years, except across a skipped leap year (2100): 60 years covers every case.
    private const int SearchDays = 366 * 60;

    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private static readonly int[] LongestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    private static readonly Field[] Fields =
    [
        new("minute", 0, 59, null),
        new("hour", 0, 23, null),
        new("day-of-month", 1, 31, null),
        new("month", 1, 12, MonthNames),
        new("day-of-week", 0, 7, DayNames),
    ];

    private readonly ulong _minutes;
    private readonly ulong _hours;
    private readonly ulong _days;
    private readonly ulong _months;
    private readonly ulong _weekdays;
    private readonly bool _eitherDayField;
    private readonly int[] _minuteList;
    private readonly int[] _hourList;

    private CronSchedule(string expression, TimeZoneInfo timeZone, ulong[] fields, bool eitherDayField)
    {
        Expression = expression;
        TimeZone = timeZone;
        (_minutes, _hours, _days, _months, _weekdays) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
        _eitherDayField = eitherDayField;
        _minuteList = Bits(_minutes);
        _hourList = Bits(_hours);
    }

    /// <summary>The expression as given (trimmed).</summary>
    public string Expression { get; }

    /// <summary>The zone the fields are read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Reads <paramref name="expression"/> in the zone <paramref name="timeZone"/> (an IANA id like <c>Europe/Berlin</c>, or a Windows id).</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming the field that is wrong, or the unknown zone.</exception>
    public static CronSchedule Parse(string expression, string timeZone = "UTC") => Parse(expression, FindTimeZone(timeZone));

    /// <summary>Reads <paramref name="expression"/> in <paramref name="timeZone"/>.</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming the field that is wrong.</exception>
    public static CronSchedule Parse(string expression, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(timeZone);
        var text = expression.Trim();
        var fieldsText = text;
        if (text.StartsWith('@'))
        {
            if (!Macros.TryGetValue(text, out var expanded))
            {
                throw Invalid(text, $"unknown macro '{text}'; cron macros: {string.Join(", ", Macros.Keys)}");
            }

            fieldsText = expanded;
        }

        var parts = fieldsText.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5)
        {
            throw Invalid(text, $"expected five fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got {parts.Length}");
        }

        var fields = new ulong[5];
        for (var i = 0; i < 5; i++)
        {
            fields[i] = ParseField(text, Fields[i], parts[i]);
        }

        // Vixie cron's rule: a day field written with a leading '*' does not restrict on its own.
        var eitherDayField = !parts[2].StartsWith('*') && !parts[4].StartsWith('*');
        if (!eitherDayField && !Enumerable.Range(1, 12).Any(m => (fields[3] & (1UL << m)) != 0 && (fields[2] & (((1UL << LongestMonth[m - 1]) - 1) << 1)) != 0))
        {
            throw Invalid(text, $"day-of-month '{parts[2]}' never falls in month '{parts[3]}', so it never fires");
        }

        return new CronSchedule(text, timeZone, fields, eitherDayField);
    }

    /// <summary>The zone with id <paramref name="id"/> (IANA, e.g. <c>Europe/Berlin</c>, or Windows, e.g. <c>W. Europe Standard Time</c>).</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE when the system knows no such zone.</exception>
    public static TimeZoneInfo FindTimeZone(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw ArgusException.InvalidParameter($"Unknown time zone '{id}': use an IANA id such as UTC, Europe/Berlin or America/New_York.");
        }
    }

    /// <summary>The first instant after <paramref name="after"/> the schedule fires, in UTC.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var start = TimeZoneInfo.ConvertTime(after, TimeZone).DateTime.Date.AddDays(-1);
        for (var d = 0; d < SearchDays; d++)
        {
            if (!TryAddDays(start, d, out var day))
            {
                break;
            }

            if (!DayMatches(day))
            {
                continue;
            }

            foreach (var hour in _hourList)
            {
                foreach (var minute in _minuteList)
                {
                    var instant = ToInstant(day.AddMinutes((hour * 60) + minute));
                    if (instant > after)
                    {
                        return instant;
                    }
                }
            }
        }

        throw new ArgusException(ErrorCode.InvalidState, $"Cron '{Expression}' does not fire after {after:O}.");
    }

    /// <summary>The last instant at or before <paramref name="atOrBefore"/> the schedule fires, in UTC.</summary>
    public DateTimeOffset Previous(DateTimeOffset atOrBefore)
    {
        var start = TimeZoneInfo.ConvertTime(atOrBefore, TimeZone).DateTime.Date.AddDays(1);
        for (var d = 0; d < SearchDays; d++)
        {
            if (!TryAddDays(start, -d, out var day))
            {
                break;
            }

            if (!DayMatches(day))
            {
                continue;
            }

            for (var h = _hourList.Length - 1; h >= 0; h--)
            {
                for (var m = _minuteList.Length - 1; m >= 0; m--)
                {
                    var instant = ToInstant(day.AddMinutes((_hourList[h] * 60) + _minuteList[m]));
                    if (instant <= atOrBefore)
                    {
                        return instant;
                    }
                }
            }
        }

        throw new ArgusException(ErrorCode.InvalidState, $"Cron '{Expression}' did not fire before {atOrBefore:O}.");
    }

    /// <summary>The instants the schedule fires after <paramref name="after"/>, at most <paramref name="count"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Upcoming(DateTimeOffset after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var ticks = new List<DateTimeOffset>(count);
        for (var t = after; ticks.Count < count;)
        {
            t = Next(t);
            ticks.Add(t);
        }

        return ticks;
    }

    public override string ToString() => TimeZone.Id == TimeZoneInfo.Utc.Id ? Expression : $"{Expression} ({TimeZone.Id})";

    private bool DayMatches(DateTime day)
    {
        if ((_months & (1UL << day.Month)) == 0)
        {
            return false;
        }

        var dayOfMonth = (_days & (1UL << day.Day)) != 0;
        var weekday = (_weekdays & (1UL << (int)day.DayOfWeek)) != 0;
        return _eitherDayField ? dayOfMonth || weekday : dayOfMonth && weekday;
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        if (TimeZone.IsInvalidTime(local))
        {
            // Skipped by a spring-forward jump: the first local minute after the gap is the instant of the jump.
            var after = local;
            do
            {
                after = after.AddMinutes(1);
            }
            while (TimeZone.IsInvalidTime(after));
            return new DateTimeOffset(after, TimeZone.GetUtcOffset(after)).ToUniversalTime();
        }

        var offset = TimeZone.IsAmbiguousTime(local) ? TimeZone.GetAmbiguousTimeOffsets(local).Max() : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static bool TryAddDays(DateTime start, int days, out DateTime day)
    {
        if ((days > 0 && start > DateTime.MaxValue.AddDays(-days - 1)) || (days < 0 && start < DateTime.MinValue.AddDays(-days + 1)))
        {
            day = default;
            return false;
        }

        day = start.AddDays(days);
        return true;
    }

    private static int[] Bits(ulong set)
    {
        var list = new int[BitOperations.PopCount(set)];
        for (int bit = 0, i = 0; bit < 64; bit++)
        {
            if ((set & (1UL << bit)) != 0)
            {
                list[i++] = bit;
            }
        }

        return list;
    }

    private static ulong ParseField(string expression, Field field, string text)
    {
        var set = 0UL;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                throw Invalid(expression, $"{field.Name} '{text}' has an empty item");
            }

            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var range = slash < 0 ? item : item[..slash];
            int low, high;
            if (range == "*")
            {
                (low, high) = (field.Min, field.Max);
            }
            else
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                low = Value(expression, field, dash < 0 ? range : range[..dash], isRangeEnd: false);
                high = dash < 0 ? (slash < 0 ? low : field.Max) : Value(expression, field, range[(dash + 1)..], isRangeEnd: true);
                if (high < low)
                {
                    throw Invalid(expression, $"{field.Name} range '{range}' runs backwards");
                }
            }

            var step = 1;
            if (slash >= 0)
            {
                var stepText = item[(slash + 1)..];
                if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > field.Max - field.Min + 1)
                {
                    throw Invalid(expression, $"{field.Name} step '{stepText}' must be a whole number from 1 to {field.Max - field.Min + 1}");
                }
            }

            for (var v = low; v <= high; v += step)
            {
                set |= 1UL << (field.Names == DayNames && v == 7 ? 0 : v);
            }
        }

        return set;
    }

    private static int Value(string expression, Field field, string text, bool isRangeEnd)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value >= field.Min && value <= field.Max
                ? value
                : throw Invalid(expression, $"{field.Name} value {value} is out of range {field.Min}–{field.Max}");
        }

        if (field.Names is { } names && text.Length == 3)
        {
            var index = Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                // Months are numbered from 1; SUN ending a range is the 7 that closes the week (MON-SUN).
                return names == MonthNames ? index + 1 : (index == 0 && isRangeEnd ? 7 : index);
            }
        }

        var hint = field.Names is { } n2 ? $" (a number {field.Min}–{field.Max} or {n2[0]}–{n2[^1]})" : $" (a number {field.Min}–{field.Max})";
        throw Invalid(expression, $"{field.Name} '{text}' is not a value{hint}");
    }

    private static ArgusException Invalid(string expression, string problem) =>
        ArgusException.InvalidParameter($"Invalid cron '{expression}': {problem}.");

    private sealed record Field(string Name, int Min, int Max, string[]? Names);
}
