using System.Globalization;

namespace Argus.Core;

/// <summary>Durations as people type them: <c>30d</c>, <c>12h</c>, <c>90m</c>, <c>45s</c>, <c>1d12h</c>, or <c>0</c>.</summary>
public static class Durations
{
    /// <summary>How to write one, for error messages.</summary>
    public const string Help = "a number with a unit d, h, m or s (30d, 12h, 90m, 1d12h), or 0";

    /// <summary>Parses <paramref name="text"/>; false when it is not a duration (or overflows).</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
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

            var unit = char.ToLowerInvariant(text[position++]) switch
            {
                'd' => TimeSpan.FromDays(1),
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero || amount > TimeSpan.MaxValue.Ticks / unit.Ticks || duration.Ticks > TimeSpan.MaxValue.Ticks - (amount * unit.Ticks))
            {
                return false;
            }

            duration += TimeSpan.FromTicks(amount * unit.Ticks);
        }

        return text.Length > 0;
    }
}
