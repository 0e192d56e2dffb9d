namespace Argus.Core.Tuning;

/// <summary>An evaluated configuration: its loss (lower is better), or a failure.</summary>
/// <param name="Configuration">What was evaluated.</param>
/// <param name="Loss">The loss, or null when the evaluation failed. A NaN loss counts as a failure.</param>
public sealed record Trial(Configuration Configuration, double? Loss)
{
    /// <summary>Whether the trial produced a usable loss.</summary>
    public bool IsCompleted => Loss is { } loss && !double.IsNaN(loss);

    /// <summary>A trial that finished with a loss.</summary>
    public static Trial Completed(Configuration configuration, double loss) => new(configuration, loss);

    /// <summary>A trial whose evaluation failed.</summary>
    public static Trial Failed(Configuration configuration) => new(configuration, null);
}
