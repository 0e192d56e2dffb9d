using System.Globalization;

namespace Argus.Core.Tuning;

/// <summary>
/// Hyperopt's uniform family. <c>uniform(low, high)</c>; <c>quniform(low, high, q)</c> =
/// round(uniform / q) * q; <c>loguniform(low, high)</c> = exp(uniform(low, high)) with <paramref name="Low"/>
/// and <paramref name="High"/> in LOG space, as in Hyperopt; <c>qloguniform</c> = round(loguniform / q) * q.
/// Rounding is to nearest, ties to even (numpy's <c>round</c>). Values are <see cref="double"/>.
/// </summary>
/// <param name="Low">Lower bound (log space when <paramref name="Log"/>).</param>
/// <param name="High">Upper bound (log space when <paramref name="Log"/>).</param>
/// <param name="Q">Quantization step, or null for continuous.</param>
/// <param name="Log">Whether the variable is uniform in log space.</param>
public sealed record UniformDistribution(double Low, double High, double? Q = null, bool Log = false) : SpaceNode
{
    /// <summary>The Hyperopt name: uniform, quniform, loguniform or qloguniform.</summary>
    public string Name => (Q is null ? "" : "q") + (Log ? "loguniform" : "uniform");

    internal override void Validate(string path, List<string> errors)
    {
        if (!double.IsFinite(Low) || !double.IsFinite(High))
        {
            errors.Add($"{path}: {Name} bounds must be finite numbers.");
        }
        else if (Low >= High)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {Name} needs low < high (got low {Low}, high {High})."));
        }

        if (Q is { } q && !(q > 0 && double.IsFinite(q)))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {Name} needs q > 0 (got {q})."));
        }
    }
}
