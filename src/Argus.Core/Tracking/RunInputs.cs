namespace Argus.Core.Tracking;

/// <summary>The datasets a run used.</summary>
public sealed record RunInputs(IReadOnlyList<DatasetInput> DatasetInputs)
{
    public static RunInputs Empty { get; } = new([]);
}
