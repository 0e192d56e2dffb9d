using Argus.Core.Errors;

namespace Argus.Core.Data;

/// <summary>
/// A seeded train/validation/test split by fractions. Each fraction is in (0, 1) and they sum to at most 1; rows
/// beyond the sum are left out (a subsample).
/// </summary>
public sealed record SplitOptions
{
    /// <value>0.7</value>
    public double TrainFraction { get; init; } = 0.7;

    /// <value>0.15</value>
    public double ValidationFraction { get; init; } = 0.15;

    /// <value>0.15</value>
    public double TestFraction { get; init; } = 0.15;

    /// <summary>The seed of the shuffle; the same seed and data give the same split.</summary>
    /// <value>42</value>
    public int Seed { get; init; } = 42;

    /// <summary>Split each class separately so every part keeps the class proportions (classification).</summary>
    public bool Stratify { get; init; }

    /// <summary>Throws one <see cref="ArgusException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        Check(TrainFraction, "train_fraction", problems);
        Check(ValidationFraction, "validation_fraction", problems);
        Check(TestFraction, "test_fraction", problems);
        var sum = TrainFraction + ValidationFraction + TestFraction;
        if (sum > 1 + 1e-9)
        {
            problems.Add($"the fractions sum to {sum:R}, more than 1");
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid split options: " + string.Join("; ", problems) + ".");
        }
    }

    private static void Check(double value, string name, List<string> problems)
    {
        if (!(value > 0 && value < 1))
        {
            problems.Add($"{name} must be in (0, 1), got {value:R}");
        }
    }
}
