using System.Globalization;

namespace Argus.Core.Tuning;

/// <summary>Hyperopt's <c>randint(upper)</c> / <c>randint(low, upper)</c>: integers in [low, upper), as <see cref="long"/>.</summary>
/// <param name="Low">Smallest value (inclusive).</param>
/// <param name="Upper">Exclusive upper bound.</param>
public sealed record RandIntDistribution(long Low, long Upper) : SpaceNode
{
    internal override void Validate(string path, List<string> errors)
    {
        if (Low >= Upper)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{path}: randint needs low < upper (got low {Low}, upper {Upper})."));
        }
    }
}
