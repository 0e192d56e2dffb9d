namespace Argus.Core.Tuning;

/// <summary>Independent draws from the priors; ignores the history.</summary>
public sealed class RandomSampler(SearchSpace space) : ISampler
{
    /// <inheritdoc/>
    public SearchSpace Space { get; } = space ?? throw new ArgumentNullException(nameof(space));

    /// <inheritdoc/>
    public Configuration? Suggest(IReadOnlyList<Trial> history, Random random) => Space.Sample(random);
}
