using System.Globalization;

namespace Argus.Core.Tracking.Search;

/// <summary>An unquoted, finite number; <see cref="Text"/> is as written.</summary>
internal sealed record NumberValue(double Value, string Text, int Position) : SearchValue(Position)
{
    /// <summary>
    /// The value as a SQL parameter for an integer column: a <see cref="long"/> when written as an
    /// integer (exact beyond 2^53, as millisecond timestamps need), otherwise the <see cref="double"/>.
    /// </summary>
    public object ForIntegerColumn() =>
        long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? integer
            : (object)Value; // the cast keeps the conditional from converting the long to double
}
