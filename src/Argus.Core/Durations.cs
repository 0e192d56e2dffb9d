using System.Globalization;
using System.Text;

namespace Argus.Core;

/// <summary>
/// Durations as people type them: a whole number with a unit, several in a row — <c>500ms</c>, <c>45s</c>, <c>90m</c>,
/// <c>12h</c>, <c>30d</c>, <c>1h30m</c> — or <c>0</c>. Units are <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> and <c>d</c>, in any case.
/// </summary>
public static class Durations
{
    /// <summary>What a duration looks like, for error messages and help.</summary>
    public const string Help = "a number with a unit ms, s, m, h or d (500ms, 30s, 10m, 1h30m, 30d), or 0";

    /// <summary>Reads <paramref name="text"/>; false when it is not a duration or too long for a <see cref="TimeSpan"/>.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (text == "0")
        {
            return true;
        }

        var position = 0;
        while (position < text.Length)
        {
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position == start || position == text.Length
                || !long.TryParse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            TimeSpan unit;
            if (position + 1 < text.Length && char.ToLowerInvariant(text[position]) == 'm' && char.ToLowerInvariant(text[position + 1]) == 's')
            {
                unit = TimeSpan.FromMilliseconds(1);
                position += 2;
            }
            else
            {
                unit = char.ToLowerInvariant(text[position++]) switch
                {
                    'd' => TimeSpan.FromDays(1),
                    'h' => TimeSpan.FromHours(1),
                    'm' => TimeSpan.FromMinutes(1),
                    's' => TimeSpan.FromSeconds(1),
                    _ => TimeSpan.Zero,
                };
            }

            if (unit == TimeSpan.Zero || amount > TimeSpan.MaxValue.Ticks / unit.Ticks || duration.Ticks > TimeSpan.MaxValue.Ticks - (amount * unit.Ticks))
            {
                return false;
            }

            duration += TimeSpan.FromTicks(amount * unit.Ticks);
        }

        return text.Length > 0;
    }

    /// <summary>Writes a duration the way <see cref="TryParse"/> reads it, largest units first (<c>1h30m</c>, <c>500ms</c>, <c>0</c>); below a millisecond is dropped.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + Format(duration.Duration());
        }

        var text = new StringBuilder();
        Append(text, duration.Days, "d");
        Append(text, duration.Hours, "h");
        Append(text, duration.Minutes, "m");
        Append(text, duration.Seconds, "s");
        Append(text, duration.Milliseconds, "ms");
        return text.Length == 0 ? "0" : text.ToString();
    }

    private static void Append(StringBuilder text, int amount, string unit)
    {
        if (amount != 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
