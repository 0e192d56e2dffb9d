namespace Argus.Core.Tuning;

/// <summary>Proposes the next configuration to evaluate from the trials so far.</summary>
public interface ISampler
{
    /// <summary>The space the sampler proposes from.</summary>
    SearchSpace Space { get; }

    /// <summary>
    /// The next configuration, or null when the sampler is exhausted (only a finite sampler such as
    /// <see cref="GridSampler"/> is). Deterministic given <paramref name="history"/> and the state of
    /// <paramref name="random"/>, which must be seeded by the caller.
    /// </summary>
    /// <param name="history">Every trial so far, oldest first, all from <see cref="Space"/>.</param>
    /// <param name="random">The seeded random source the sampler draws from.</param>
    Configuration? Suggest(IReadOnlyList<Trial> history, Random random);
}
