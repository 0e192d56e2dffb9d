using Argus.Core.Tuning;

namespace Argus.Bench;

/// <summary>
/// One objective of the sampler benchmark. <see cref="Start"/> gives a fresh objective for a seed (the noisy
/// quadratic's noise stream is seeded per search); it returns the loss the sampler sees and the value the
/// table reports for that trial (the noise-free value; the loss itself for noise-free objectives).
/// </summary>
internal sealed class SamplerProblem(string name, string title, SearchSpace space, double? globalMin, int budget, Func<int, Func<Configuration, (double Loss, double Value)>> start)
{
    public string Name { get; } = name;

    public string Title { get; } = title;

    public SearchSpace Space { get; } = space;

    public double? GlobalMin { get; } = globalMin;

    public int Budget { get; } = budget;

    public Func<int, Func<Configuration, (double Loss, double Value)>> Start { get; } = start;
}
