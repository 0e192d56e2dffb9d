using Argus.Core.Errors;
using Argus.Core.Monitoring.Stats;

namespace Argus.Tests.Core.Monitoring.Stats;

/// <summary>
/// docs/reference/evidently.md §7: the expected values of Evidently's own stattest tests (rows 1–20; row 21 is a
/// column-drift case, in DatasetDriftTests), the computed table C1–C4 and the other computed vectors. Values given
/// there to six digits are checked to 5e-7, Evidently's own coarser expectations at their stated tolerance.
/// </summary>
public sealed class EvidentlyReferenceTests
{
    private const double SixDigits = 5e-7;

    private static readonly double[] A = Repeat([1, 2, 3, 4, 5, 6], [16, 18, 16, 14, 12, 12]);
    private static readonly double[] B = Repeat([1, 2, 3, 4, 5, 6], [16, 16, 16, 16, 16, 8]);
    private static readonly double[] B3 = Repeat([1, 2, 3, 4, 5, 6], [10, 10, 24, 24, 10, 10]);
    private static readonly double[] C8 = [38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0];
    private static readonly double[] D8 = [39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8];

    [Fact]
    public void ChiSquare_Rows1And2_ScaleInvariantPValue()
    {
        var row1 = StatTests.ChiSquare.Run(Cat(A, B), 0.5);
        var row2 = StatTests.ChiSquare.Run(Cat(Repeat([1, 2, 3, 4, 5, 6], [32, 36, 32, 28, 24, 24]), B), 0.5);
        Assert.Equal(0.67309, row1.Score, 1e-5);
        Assert.Equal(0.67309, row2.Score, 1e-5);
        Assert.False(row1.Drifted);
        Assert.False(row2.Drifted);
    }

    [Fact]
    public void Hellinger_Row3_Categorical()
    {
        var result = StatTests.Hellinger.Run(Cat(A, B), 0.1);
        Assert.Equal(0.06812, result.Score, 1e-5);
        Assert.False(result.Drifted);
    }

    [Fact]
    public void ChiSquareAndHellinger_Row4_MissingValuesDropped()
    {
        string?[] values = [.. Enumerable.Repeat<string?[]>(["a", "b", null], 10).SelectMany(v => v)];
        var samples = Cat(values, values);
        Assert.Equal(1.0, StatTests.ChiSquare.Run(samples, 0.5).Score, 1e-12);
        Assert.Equal(0.0, StatTests.Hellinger.Run(samples, 0.1).Score, 1e-12);
    }

    [Fact]
    public void Z_Row5_NaNAsAValueMapsToTheOneSide()
    {
        // Evidently's test passes the NaN to the z kernel itself, where it is "not the first key", i.e. a 1. Seen as
        // an extra category that sorts after "a", Argus's kernel gives the same 1.0.
        string?[] reference = [.. Enumerable.Repeat<string?[]>(["a", "~nan"], 10).SelectMany(v => v)];
        string?[] current = [.. Enumerable.Repeat<string?[]>(["a", "b"], 10).SelectMany(v => v)];
        Assert.Equal(1.0, StatTests.Z.Run(Cat(reference, current), 0.5).Score, 1e-12);

        // Through the drift pipeline the NaN is dropped first (get_one_column_drift does the same): 10×a vs 10×a,10×b.
        string?[] dropped = [.. Enumerable.Repeat<string?[]>(["a", null], 10).SelectMany(v => v)];
        var cleaned = StatTests.Z.Run(Cat(dropped, current), 0.5);
        Assert.True(cleaned.Score < 0.01);
    }

    [Fact]
    public void Anderson_Row6_C8VersusD8()
    {
        var result = StatTests.Anderson.Run(Num(C8, D8), 0.001);
        Assert.Equal(0.0635147, result.Score, SixDigits);
        Assert.False(result.Drifted);
    }

    [Fact]
    public void GTest_Row7_EqualSizes()
    {
        var result = StatTests.GTest.Run(Cat(Labels("abc", [5, 5, 8]), Labels("abc", [4, 6, 8])), 0.5);
        Assert.Equal(0.817622, result.Score, SixDigits);
        Assert.False(result.Drifted);
    }

    [Fact]
    public void GTest_UnequalSizes_ThrowsExplainingEqualSizes()
    {
        var error = Assert.Throws<ArgusException>(() => StatTests.GTest.Run(Cat(Labels("abc", [5, 5, 8]), Labels("abc", [4, 6, 9]))));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("same size", error.Message, StringComparison.Ordinal);
        Assert.Contains("18 and 19", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TTest_Row8_C8VersusD8()
    {
        var result = StatTests.TTest.Run(Num(C8, D8), 0.05);
        Assert.Equal(0.0841057, result.Score, SixDigits);
        Assert.False(result.Drifted);
    }

    [Fact]
    public void MannWhitney_Row9_OneSidedLess()
    {
        var result = StatTests.MannWhitney.Run(Num(A, B), 0.05);
        Assert.Equal(0.481433, result.Score, SixDigits);
        Assert.False(result.Drifted);
    }

    [Fact]
    public void EppsSingleton_Row10_AVersusB()
    {
        var result = StatTests.EppsSingleton.Run(Num(A, B), 0.05);
        Assert.Equal(0.810023, result.Score, SixDigits);
        Assert.False(result.Drifted);
    }

    [Fact]
    public void EnergyDistance_Row11_ShiftedByFiveAndIdentical()
    {
        var shifted = StatTests.EnergyDistance.Run(Num(C8, [.. C8.Select(v => v + 5)]), 0.1);
        Assert.Equal(1.933261, shifted.Score, SixDigits);
        Assert.True(shifted.Drifted);
        var same = StatTests.EnergyDistance.Run(Num(C8, C8), 0.1);
        Assert.Equal(0.0, same.Score, 1e-12);
        Assert.False(same.Drifted);
    }

    [Theory]
    [InlineData("B", 0.1, 0.928, false)]
    [InlineData("B3", 0.1, 0.085, true)]
    [InlineData("all6", 0.1, 0.0, true)]
    [InlineData("A", 0.1, 1.0, false)]
    [InlineData("counts", 0.5, 0.309, true)]
    public void Tvd_Row12_PermutationPValueSeedZero(string current, double threshold, double expected, bool drifted)
    {
        var cur = current switch
        {
            "B" => B,
            "B3" => B3,
            "all6" => Enumerable.Repeat(6.0, 88).ToArray(),
            "A" => A,
            _ => Repeat([1, 2, 3, 4, 5, 6], [10, 24, 12, 16, 8, 16]),
        };
        var result = StatTests.Tvd.Run(Cat(A, cur), threshold);
        Assert.Equal(expected, result.Score, 1e-12);
        Assert.Equal(drifted, result.Drifted);
    }

    [Fact]
    public void FisherExact_Rows13And14_EvidentlyTables()
    {
        string?[] Times(string?[] values, int n) => [.. Enumerable.Repeat(values, n).SelectMany(v => v)];
        var row13 = StatTests.FisherExact.Run(Cat(Times(["a", "b", "b", "a", "a", "b"], 15), Times(["b", "b", "a", "b", "b", "a"], 15)), 0.1);
        Assert.Equal(0.033, row13.Score, 1e-3);
        Assert.True(row13.Drifted);
        var row14 = StatTests.FisherExact.Run(Cat(Times(["a"], 6), Times(["b"], 6)), 0.1);
        Assert.Equal(2.0 / 924, row14.Score, 1e-12);
        Assert.True(row14.Drifted);
        Assert.Equal(0.181, StatTests.FisherExact.Run(Cat(["a", "b", "b", "a", "a", "b"], Times(["a"], 6))).Score, 1e-3);
        Assert.Equal(0.00078, StatTests.FisherExact.Run(Cat(Times(["a", "a", "a", "b", "b"], 30), Times(["b", "b", "b", "a", "a"], 30))).Score, 1e-5);
    }

    [Fact]
    public void FisherExact_UnequalSizesOrThreeCategories_Throws()
    {
        Assert.Throws<ArgusException>(() => StatTests.FisherExact.Run(Cat(["a", "b"], ["a", "b", "b"])));
        Assert.Throws<ArgusException>(() => StatTests.FisherExact.Run(Cat(["a", "b"], ["a", "c"])));
    }

    [Fact]
    public void Psi_Row15_CategoricalIntegers()
    {
        var result = StatTests.Psi.Run(Cat([3, 2, 2], [1, 2, 3]), 0.1);
        Assert.Equal(2.934147, result.Score, SixDigits);
        Assert.True(result.Drifted);
    }

    [Fact]
    public void EmpiricalMmd_Rows16And17_SeedZero()
    {
        var disjoint = StatTests.EmpiricalMmd.Run(Num(Enumerable.Repeat(1.0, 25).ToArray(), new double[25]), 0.1);
        Assert.Equal(0.0, disjoint.Score, 1e-12);
        Assert.True(disjoint.Drifted);
        double[] alternating = [.. Enumerable.Repeat<double[]>([1, 0, 1, 0, 1], 5).SelectMany(v => v)];
        var same = StatTests.EmpiricalMmd.Run(Num(alternating, alternating), 0.1);
        Assert.Equal(0.955, same.Score, 0.1);
        Assert.False(same.Drifted);
    }

    [Theory]
    [InlineData(0.0628, 0.99)]
    [InlineData(0.204, 0.14)]
    public void PermutationTest_Row18_HundredIterationsSeedZero(double observed, double expected)
    {
        var distances = TotalVariation.PermutedDistances(Cat(A, B), 0, 100);
        var p = distances.Count(d => observed <= Math.Abs(d)) / 100.0;
        Assert.Equal(expected, p, 1e-12);
    }

    [Fact]
    public void CramerVonMises_Row19_NormalSamples()
    {
        var vector = StatVectors.File("cramer_von_mises").GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("case").GetString() == "norm_rvs_seed0_vs_seed1");
        var result = StatTests.CramerVonMises.Run(
            Num(StatVectors.Numbers(vector.GetProperty("reference")), StatVectors.Numbers(vector.GetProperty("current"))), 0.001);
        Assert.Equal(0.8076839, result.Score, SixDigits);
        Assert.False(result.Drifted);
    }

    [Fact]
    public void SigmaMedian_Row20_ThreePoints()
    {
        // x = 0, 1, 2 gives exactly the distance matrix [[0,1,4],[1,0,1],[4,1,0]] of Evidently's test.
        Assert.Equal(Math.Sqrt(0.5), EmpiricalMmd.SigmaMedian([0, 1, 2]), 1e-15);
    }

    [Theory]
    [InlineData("C1", 0.999993, 0.054433, 0.037218, 0.018910, 0.068048, 0.023482, 0.078730)]
    [InlineData("C2", 0.216108, 0.217732, 0.191878, 0.095938, 0.154044, 0.154039, 0.272727)]
    [InlineData("C3", 0.087024, 0.781236, 14.250388, 7.119499, 0.832555, 0.414370, 1.570231)]
    [InlineData("C4", 0.702057, 0.346427, 0.293267, 0.146634, 0.183551, 0.174166, double.NaN)]
    public void NumericalTests_ComputedTable_MatchSixDigits(
        string row, double ks, double wasserstein, double psi, double kl, double js, double hellinger, double ed)
    {
        var samples = row switch
        {
            "C1" => Num(A, B),
            "C2" => Num(A, B3),
            "C3" => Num(C8, D8),
            _ => Num([.. Enumerable.Range(0, 100).Select(v => (double)v)], [.. Enumerable.Range(10, 100).Select(v => (double)v)]),
        };
        Assert.Equal(ks, StatTests.Ks.Run(samples).Score, SixDigits);
        Assert.Equal(wasserstein, StatTests.Wasserstein.Run(samples).Score, SixDigits);
        Assert.Equal(psi, StatTests.Psi.Run(samples).Score, SixDigits);
        Assert.Equal(kl, StatTests.KlDiv.Run(samples).Score, SixDigits);
        Assert.Equal(js, StatTests.JensenShannon.Run(samples).Score, SixDigits);
        Assert.Equal(hellinger, StatTests.Hellinger.Run(samples).Score, SixDigits);
        if (!double.IsNaN(ed))
        {
            Assert.Equal(ed, StatTests.EnergyDistance.Run(samples).Score, SixDigits);
        }
    }

    [Fact]
    public void JensenShannon_DisjointSupports_IsSqrtLn2()
    {
        Assert.Equal(Math.Sqrt(Math.Log(2)), StatTests.JensenShannon.Run(Num(C8, D8)).Score, 1e-12);
    }

    [Fact]
    public void Z_Thirty70VersusFifty50_Drifts()
    {
        var result = StatTests.Z.Run(Cat(Repeat([0, 1], [30, 70]), Repeat([0, 1], [50, 50])));
        Assert.Equal(0.0038924, result.Score, SixDigits);
        Assert.True(result.Drifted);
    }

    [Fact]
    public void CategoricalTests_SixtyThirtyTen_MatchComputedValues()
    {
        var samples = Cat(Labels("abc", [60, 30, 10]), Labels("abc", [40, 40, 20]));
        Assert.Equal(4.53999e-05, StatTests.ChiSquare.Run(samples).Score, 5e-11);
        Assert.Equal(0.148817, StatTests.JensenShannon.Run(samples).Score, SixDigits);
        Assert.Equal(0.179176, StatTests.Psi.Run(samples).Score, SixDigits);
        Assert.Equal(0.087660, StatTests.KlDiv.Run(samples).Score, SixDigits);
    }

    [Fact]
    public void CategoricalTests_NewCategory_ChiSquareZeroAndFilledDivergences()
    {
        var samples = Cat(Labels("ab", [50, 50]), Labels("abc", [45, 45, 10]));
        var chi = StatTests.ChiSquare.Run(samples);
        Assert.Equal(0.0, chi.Score);
        Assert.True(chi.Drifted);
        Assert.Equal(0.700621, StatTests.Psi.Run(samples).Score, SixDigits);
        Assert.Equal(0.189667, StatTests.JensenShannon.Run(samples).Score, SixDigits);
        Assert.Equal(0.104559, StatTests.KlDiv.Run(samples).Score, SixDigits);
    }

    [Fact]
    public void ConstantColumn_ChiSquareNaNNotDrifted_ZOne()
    {
        var samples = Cat(Labels("a", [50]), Labels("a", [50]));
        var chi = StatTests.ChiSquare.Run(samples);
        Assert.True(double.IsNaN(chi.Score));
        Assert.False(chi.Drifted);
        Assert.Equal(1.0, StatTests.Z.Run(samples).Score);
    }

    private static double[] Repeat(double[] values, int[] counts) =>
        [.. values.Zip(counts).SelectMany(p => Enumerable.Repeat(p.First, p.Second))];

    private static string?[] Labels(string letters, int[] counts) =>
        [.. letters.Zip(counts).SelectMany(p => Enumerable.Repeat<string?>(p.First.ToString(), p.Second))];

    private static NumericSamples Num(double[] reference, double[] current) => NumericSamples.Create(reference, current);

    private static CategoricalSamples Cat(double[] reference, double[] current) =>
        Cat([.. reference.Select(v => (string?)v.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            [.. current.Select(v => (string?)v.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    private static CategoricalSamples Cat(string?[] reference, string?[] current)
    {
        var labels = new List<string>();
        int Code(string? label)
        {
            if (label is null)
            {
                return -1;
            }

            var code = labels.IndexOf(label);
            if (code < 0)
            {
                labels.Add(label);
                code = labels.Count - 1;
            }

            return code;
        }

        int[] r = [.. reference.Select(Code)];
        int[] c = [.. current.Select(Code)];
        return CategoricalSamples.Create(r, c, labels.Count, labels);
    }
}
