using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Tests.Core.Data;

public sealed class DataSplitTests
{
    [Fact]
    public void Create_SameSeed_SameSplit()
    {
        var a = DataSplit.Create(1000, new SplitOptions { Seed = 7 });
        var b = DataSplit.Create(1000, new SplitOptions { Seed = 7 });
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Test, b.Test);
    }

    [Fact]
    public void Create_DifferentSeed_DifferentSplit()
    {
        var a = DataSplit.Create(1000, new SplitOptions { Seed = 7 });
        var b = DataSplit.Create(1000, new SplitOptions { Seed = 8 });
        Assert.NotEqual(a.Train, b.Train);
    }

    [Fact]
    public void Create_Fractions_SizesAndDisjointCover()
    {
        var split = DataSplit.Create(1000, new SplitOptions { TrainFraction = 0.6, ValidationFraction = 0.2, TestFraction = 0.2 });
        Assert.Equal(600, split.Train.Length);
        Assert.Equal(200, split.Validation.Length);
        Assert.Equal(200, split.Test.Length);
        var all = split.Train.Concat(split.Validation).Concat(split.Test).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 1000), all);
    }

    [Fact]
    public void Create_Stratified_KeepsClassProportionsWithinOneRow()
    {
        var labels = new float[500];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = i % 10 == 0 ? 2 : i % 3 == 0 ? 1 : 0;
        }

        var options = new SplitOptions { TrainFraction = 0.7, ValidationFraction = 0.2, TestFraction = 0.1, Stratify = true, Seed = 3 };
        var split = DataSplit.Create(labels.Length, options, labels);
        foreach (var (rows, fraction) in new[] { (split.Train, 0.7), (split.Validation, 0.2), (split.Test, 0.1) })
        {
            for (var c = 0; c < 3; c++)
            {
                var inClass = labels.Count(l => l == c);
                var inPart = rows.Count(r => labels[r] == c);
                Assert.InRange(inPart, (inClass * fraction) - 1, (inClass * fraction) + 1);
            }
        }
    }

    [Fact]
    public void Validate_BadFractions_ReportsAllProblems()
    {
        var e = Assert.Throws<ArgusException>(() => DataSplit.Create(10, new SplitOptions { TrainFraction = 0, ValidationFraction = 1.5, TestFraction = 0.5 }));
        Assert.Contains("train_fraction must be in (0, 1), got 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("validation_fraction must be in (0, 1), got 1.5", e.Message, StringComparison.Ordinal);
        Assert.Contains("sum to 2", e.Message, StringComparison.Ordinal);
    }
}
