using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Stats;

namespace Argus.Tests.Core.Monitoring.Stats;

public sealed class StatTestsTests
{
    [Theory]
    [InlineData("ks", "K-S p_value", "num", 0.05, DriftRule.LessOrEqual)]
    [InlineData("chisquare", "chi-square p_value", "cat", 0.05, DriftRule.Less)]
    [InlineData("z", "Z-test p_value", "cat", 0.05, DriftRule.Less)]
    [InlineData("jensenshannon", "Jensen-Shannon distance", "cat,num", 0.1, DriftRule.GreaterOrEqual)]
    [InlineData("kl_div", "Kullback-Leibler divergence", "cat,num", 0.1, DriftRule.GreaterOrEqual)]
    [InlineData("psi", "PSI", "cat,num", 0.1, DriftRule.GreaterOrEqual)]
    [InlineData("wasserstein", "Wasserstein distance (normed)", "num", 0.1, DriftRule.GreaterOrEqual)]
    [InlineData("anderson", "Anderson-Darling", "num", 0.1, DriftRule.Less)]
    [InlineData("cramer_von_mises", "Cramer-von Mises", "num", 0.1, DriftRule.LessOrEqual)]
    [InlineData("fisher_exact", "Fisher's Exact test", "cat", 0.1, DriftRule.Less)]
    [InlineData("g_test", "g_test", "cat", 0.1, DriftRule.Less)]
    [InlineData("hellinger", "Hellinger distance", "cat,num", 0.1, DriftRule.GreaterOrEqual)]
    [InlineData("mannw", "Mann-Whitney U-rank test", "num", 0.05, DriftRule.Less)]
    [InlineData("ed", "Energy-distance", "num", 0.1, DriftRule.Greater)]
    [InlineData("es", "Epps-Singleton", "num", 0.05, DriftRule.Less)]
    [InlineData("t_test", "t_test", "num", 0.05, DriftRule.Less)]
    [InlineData("empirical_mmd", "empirical_mmd", "num", 0.1, DriftRule.Less)]
    [InlineData("TVD", "Total-Variation-Distance", "cat", 0.1, DriftRule.Less)]
    public void Get_EvidentlyName_HasEvidentlysDescriptor(string name, string display, string types, double threshold, DriftRule rule)
    {
        var test = StatTests.Get(name);
        Assert.Equal(name, test.Name);
        Assert.Equal(display, test.DisplayName);
        Assert.Equal(types, string.Join(",", test.ColumnTypes.Select(StatTests.ShortName)));
        Assert.Equal(threshold, test.DefaultThreshold);
        Assert.Equal(rule, test.Rule);
    }

    [Fact]
    public void All_EighteenTests_NoTextTestRegistered()
    {
        Assert.Equal(18, StatTests.All.Count);
        Assert.DoesNotContain(StatTests.All, t => t.Supports(ColumnType.Text));
        Assert.False(StatTests.TryGet("perc_text_content_drift", out _));
    }

    [Fact]
    public void Get_UnknownName_ThrowsListingValidNames()
    {
        var error = Assert.Throws<ArgusException>(() => StatTests.Get("kolmogorov"));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("'kolmogorov'", error.Message, StringComparison.Ordinal);
        foreach (var test in StatTests.All)
        {
            Assert.Contains(test.Name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Get_TestNotValidForType_ThrowsNamingTestAndType()
    {
        var error = Assert.Throws<ArgusException>(() => StatTests.Get("ks", ColumnType.Categorical));
        Assert.Contains("'ks'", error.Message, StringComparison.Ordinal);
        Assert.Contains("cat columns", error.Message, StringComparison.Ordinal);
        Assert.Same(StatTests.Psi, StatTests.Get("psi", ColumnType.Numerical));
    }

    [Fact]
    public void Run_CategoricalOnlyTestOnNumericalSamples_Throws()
    {
        var samples = NumericSamples.Create([1, 2, 3], [1, 2, 2]);
        var error = Assert.Throws<ArgusException>(() => StatTests.ChiSquare.Run(samples));
        Assert.Contains("num", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DriftRule.LessOrEqual, 0.05, true)]
    [InlineData(DriftRule.Less, 0.05, false)]
    [InlineData(DriftRule.GreaterOrEqual, 0.05, true)]
    [InlineData(DriftRule.Greater, 0.05, false)]
    public void IsDrift_ScoreEqualToThreshold_FollowsOperator(DriftRule rule, double score, bool drift)
    {
        var test = StatTests.All.First(t => t.Rule == rule);
        Assert.Equal(drift, test.IsDrift(score, 0.05));
        Assert.False(test.IsDrift(double.NaN, 0.05));
    }

    [Fact]
    public void Run_ThresholdGiven_OverridesDefault()
    {
        var samples = NumericSamples.Create([1, 2, 3, 4, 5], [1, 2, 3, 4, 6]);
        Assert.Equal(0.05, StatTests.Ks.Run(samples).Threshold);
        var strict = StatTests.Ks.Run(samples, 1.0);
        Assert.Equal(1.0, strict.Threshold);
        Assert.True(strict.Drifted);
    }
}
