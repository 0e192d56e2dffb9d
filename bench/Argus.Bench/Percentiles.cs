namespace Argus.Bench;

/// <summary>Nearest-rank percentiles of a sample (no interpolation: every reported value was observed).</summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> values)
    {
        _sorted = values.ToArray();
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Average();

    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double P50 => At(0.50);

    public double P90 => At(0.90);

    public double P99 => At(0.99);

    public double At(double q)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }
}
