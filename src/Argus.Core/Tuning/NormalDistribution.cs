using System.Globalization;

namespace Argus.Core.Tuning;

/// <summary>
/// Hyperopt's normal family. <c>normal(mu, sigma)</c>; <c>qnormal(mu, sigma, q)</c> = round(normal / q) * q;
/// <c>lognormal(mu, sigma)</c> = exp(normal(mu, sigma)); <c>qlognormal</c> = round(lognormal / q) * q.
/// Unbounded; values are <see cref="double"/>.
/// </summary>
/// <param name="Mu">Mean (of the log when <paramref name="Log"/>).</param>
/// <param name="Sigma">Standard deviation (of the log when <paramref name="Log"/>), greater than zero.</param>
/// <param name="Q">Quantization step, or null for continuous.</param>
/// <param name="Log">Whether the variable is normal in log space.</param>
public sealed record NormalDistribution(double Mu, double Sigma, double? Q = null, bool Log = false) : SpaceNode
{
    /// <summary>The Hyperopt name: normal, qnormal, lognormal or qlognormal.</summary>
    public string Name => (Q is null ? "" : "q") + (Log ? "lognormal" : "normal");

    internal override void Validate(string path, List<string> errors)
    {
        if (!double.IsFinite(Mu))
        {
            errors.Add($"{path}: {Name} needs a finite mu.");
        }

        if (!(Sigma > 0 && double.IsFinite(Sigma)))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {Name} needs sigma > 0 (got {Sigma})."));
        }

        if (Q is { } q && !(q > 0 && double.IsFinite(q)))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {Name} needs q > 0 (got {q})."));
        }
    }
}
