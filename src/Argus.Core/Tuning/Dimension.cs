namespace Argus.Core.Tuning;

/// <summary>
/// A sampled (non-constant) parameter after compilation. Its raw value is the number samplers work with:
/// the value itself for numeric distributions, the option index for a choice.
/// </summary>
internal sealed class Dimension(int id, string key, SpaceNode node, object[] optionValues)
{
    public int Id { get; } = id;

    public string Key { get; } = key;

    /// <summary>A <see cref="UniformDistribution"/>, <see cref="NormalDistribution"/>, <see cref="RandIntDistribution"/> or <see cref="ChoiceNode"/>.</summary>
    public SpaceNode Node { get; } = node;

    /// <summary>For a choice, the configuration value of each option; empty otherwise.</summary>
    public object[] OptionValues { get; } = optionValues;

    /// <summary>Converts a raw value into the configuration value.</summary>
    public object ToValue(double raw) => Node switch
    {
        RandIntDistribution => (long)raw,
        ChoiceNode => OptionValues[(int)raw],
        _ => raw,
    };
}
