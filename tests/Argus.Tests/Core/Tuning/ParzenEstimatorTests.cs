using Argus.Core.Tuning;

namespace Argus.Tests.Core.Tuning;

public sealed class ParzenEstimatorTests
{
    [Fact]
    public void Fit_TwoObservations_MatchesHyperoptAdaptiveParzenNormal()
    {
        // adaptive_parzen_normal([0.2, 0.8], 1.0, 0.5, 1.0): mus [0.2, 0.5, 0.8]; raw sigmas [0.3, 0.3, 0.3]
        // clipped to [1/min(100, 1+3), 1] = [0.25, 1] and the prior's set to 1; equal weights.
        var estimator = ParzenEstimator.Fit([0.2, 0.8], 1.0, 0.5, 1.0, 25, 0, 1);

        Assert.Equal([0.2, 0.5, 0.8], estimator.Mus.ToArray());
        Assert.Equal([0.3, 1.0, 0.3], estimator.Sigmas.ToArray().Select(s => Math.Round(s, 12)));
        Assert.All(estimator.Weights.ToArray(), w => Assert.Equal(1.0 / 3, w, 12));
    }

    [Fact]
    public void Fit_OneObservation_UsesHalfPriorSigma()
    {
        var estimator = ParzenEstimator.Fit([0.9], 2.0, 0.5, 1.0, 25, 0, 1);

        Assert.Equal([0.5, 0.9], estimator.Mus.ToArray());
        Assert.Equal([1.0, 0.5], estimator.Sigmas.ToArray());
        Assert.Equal([2.0 / 3, 1.0 / 3], estimator.Weights.ToArray().Select(w => Math.Round(w, 12)), new DoubleTolerance());
    }

    [Fact]
    public void LinearForgettingWeights_MoreThanLf_RampsOldest()
    {
        var weights = ParzenEstimator.LinearForgettingWeights(30, 25);

        Assert.Equal(1.0 / 30, weights[0], 12);
        Assert.Equal(1.0, weights[4], 12);
        Assert.All(weights.Skip(5), w => Assert.Equal(1.0, w));
    }

    [Fact]
    public void LogDensity_Untruncated_IntegratesToOne()
    {
        var estimator = ParzenEstimator.Fit([0.1, 0.3, 0.35, 0.9], 1.0, 0.5, 1.0, 25, 0, 1);
        var sum = 0.0;
        const int steps = 20_000;
        for (var i = 0; i < steps; i++)
        {
            sum += Math.Exp(estimator.LogDensity((i + 0.5) / steps)) / steps;
        }

        Assert.Equal(1.0, sum, 3);
        Assert.Equal(0.0, estimator.LogMass(0, 1), 6);
    }

    private sealed class DoubleTolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
