namespace Argus.Core.Tuning.Runs;

/// <summary>What an objective returns for one trial.</summary>
/// <param name="Loss">The value minimised (lower is better); NaN makes the trial a failure.</param>
public sealed record TrialOutcome(double Loss)
{
    /// <summary>Extra final metrics logged on the trial's run (a key <c>loss</c> here is ignored).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}
