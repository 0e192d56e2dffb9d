using System.Globalization;
using System.Text;

namespace Argus.Core.Tuning;

/// <summary>
/// One point of a <see cref="SearchSpace"/>: the active parameters by name. Values are <see cref="double"/>
/// (continuous and quantized distributions), <see cref="long"/> (randint, integer constants), <see cref="string"/>
/// or <see cref="bool"/>. Parameters of unchosen choice branches are absent.
/// </summary>
public sealed class Configuration
{
    private readonly double[] _raw;

    internal Configuration(SearchSpace space, double[] raw, IReadOnlyDictionary<string, object> values)
    {
        Space = space;
        _raw = raw;
        Values = values;
    }

    /// <summary>The space this configuration belongs to.</summary>
    public SearchSpace Space { get; }

    /// <summary>Active parameter name → value.</summary>
    public IReadOnlyDictionary<string, object> Values { get; }

    /// <summary>The value of an active parameter.</summary>
    public object this[string name] => Values[name];

    /// <summary>Raw value per dimension id (NaN where inactive); choices hold the option index.</summary>
    internal ReadOnlySpan<double> Raw => _raw;

    public override string ToString()
    {
        var sb = new StringBuilder("{");
        foreach (var (key, value) in Values)
        {
            if (sb.Length > 1)
            {
                sb.Append(", ");
            }

            sb.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        return sb.Append('}').ToString();
    }

    /// <summary>A configuration value as parameter text: invariant culture, shortest round-trip for doubles (29.0 → "29").</summary>
    public static string FormatValue(object value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
}
