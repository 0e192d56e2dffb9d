namespace Argus.Core.Telemetry;

/// <summary>Something that writes one metric family at render time: an instrument's aggregate or a process metric.</summary>
internal abstract class FamilySource(ExpositionFamily family, long order)
{
    public ExpositionFamily Family { get; } = family;

    /// <summary>When the source appeared; of two sources with one family name, the earlier is written.</summary>
    public long Order { get; } = order;

    /// <summary>Writes the family (header and samples), or nothing when it has no samples.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="generation">The render's number; observable series not reported in this render are dropped.</param>
    public abstract void Write(ExpositionWriter writer, long generation);
}
