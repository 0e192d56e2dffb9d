using Argus.Core.Monitoring.Stats;

namespace Argus.Tests.Core.Monitoring.Stats;

/// <summary>
/// The building blocks against numpy/SciPy directly (Vectors/internals.json): numpy's legacy MT19937 stream and
/// permutations, numpy's summation order, <c>kstwo.sf</c>, <c>smirnov</c> and <c>fisher_exact</c>.
/// </summary>
public sealed class NumericInternalsTests
{
    private static System.Text.Json.JsonElement Internals => StatVectors.File("internals");

    [Fact]
    public void LegacyRandomState_NumpySeeds_ReproducesDrawsAndPermutations()
    {
        var checkedRows = 0;
        foreach (var row in Internals.GetProperty("random_state").EnumerateArray())
        {
            if (row.TryGetProperty("uint32", out var words))
            {
                var random = new LegacyRandomState(row.GetProperty("seed").GetUInt32());
                foreach (var word in words.EnumerateArray())
                {
                    Assert.Equal(word.GetUInt32(), random.NextUInt32());
                }

                checkedRows++;
            }

            if (row.TryGetProperty("permutation_10", out var permutation))
            {
                var random = row.TryGetProperty("seed_array", out var key)
                    ? new LegacyRandomState([.. key.EnumerateArray().Select(k => k.GetUInt32())])
                    : new LegacyRandomState(row.GetProperty("seed").GetUInt32());
                var drawn = new int[10];
                random.Permutation(drawn);
                Assert.Equal(permutation.EnumerateArray().Select(p => p.GetInt32()), drawn);
                if (row.TryGetProperty("permutation_1000_head", out var head))
                {
                    var big = new int[1000];
                    random.Permutation(big);
                    Assert.Equal(head.EnumerateArray().Select(p => p.GetInt32()), big.Take(20));
                }

                checkedRows++;
            }

            if (row.TryGetProperty("random_sample", out var samples))
            {
                var random = new LegacyRandomState(row.GetProperty("seed").GetUInt32());
                foreach (var sample in samples.EnumerateArray())
                {
                    Assert.Equal(sample.GetDouble(), random.NextDouble());
                }

                checkedRows++;
            }
        }

        Assert.Equal(9, checkedRows);
    }

    [Fact]
    public void NumpySum_NumpyArrays_BitIdenticalSumMeanAndVariance()
    {
        foreach (var row in Internals.GetProperty("numpy_sum").EnumerateArray())
        {
            var values = StatVectors.Numbers(row.GetProperty("values"));
            Assert.Equal(row.GetProperty("sum").GetDouble(), NumpySum.Sum(values));
            Assert.Equal(row.GetProperty("mean").GetDouble(), NumpySum.Mean(values));
            Assert.Equal(row.GetProperty("var").GetDouble(), NumpySum.PopulationVariance(values));
        }
    }

    [Fact]
    public void KolmogorovDistribution_ScipyKstwoAndSmirnov_MatchTo1e9()
    {
        foreach (var row in Internals.GetProperty("kstwo").EnumerateArray())
        {
            var n = row.GetProperty("n").GetInt32();
            var x = row.GetProperty("x").GetDouble();
            StatVectors.AssertClose(StatVectors.Expected(row, "sf")!.Value, KolmogorovDistribution.Sf(x, n), 1e-9, $"kstwo.sf({x}, {n})");
            StatVectors.AssertClose(StatVectors.Expected(row, "smirnov")!.Value, KolmogorovDistribution.SmirnovSf(n, x), 1e-9, $"smirnov({n}, {x})");
        }
    }

    [Fact]
    public void FisherExact_ScipyTables_MatchTo1e12()
    {
        foreach (var row in Internals.GetProperty("fisher_tables").EnumerateArray())
        {
            var t = row.GetProperty("table");
            long a = t[0][0].GetInt64(), b = t[0][1].GetInt64(), c = t[1][0].GetInt64(), d = t[1][1].GetInt64();
            StatVectors.AssertClose(row.GetProperty("p").GetDouble(), FisherExact.TwoSided(a, b, c, d), 1e-12, $"fisher_exact([[{a},{b}],[{c},{d}]])");
        }
    }

    [Theory]
    [InlineData(20_000, 13_001, false)]
    [InlineData(8_193, 1, true)]
    [InlineData(1, 2, false)]
    [InlineData(3, 3, true)]
    [InlineData(50_000, 50_000, true)]
    public void CdfDistance_LanesOverTheMergedOrder_EqualOneSequentialWalk(int nu, int nv, bool squared)
    {
        // Ties within and across the samples (values on a coarse grid), and runs of equal values that cross the
        // boundaries where the merged order is cut into lanes.
        var random = new LegacyRandomState(11);
        var u = Enumerable.Range(0, nu).Select(_ => Math.Round(random.NextDouble() * 500) / 4).Order().ToArray();
        var v = Enumerable.Range(0, nv).Select(_ => Math.Round((random.NextDouble() * 520) - 10) / 4).Order().ToArray();
        var terms = new double[nu + nv - 1];
        int i = 0, j = 0;
        double Take() => j >= nv || (i < nu && u[i] <= v[j]) ? u[i++] : v[j++];
        var previous = Take();
        for (var k = 0; k < terms.Length; k++)
        {
            var diff = (i / (double)nu) - (j / (double)nv);
            var next = Take();
            terms[k] = squared ? diff * diff * (next - previous) : Math.Abs(diff) * (next - previous);
            previous = next;
        }

        Assert.Equal(NumpySum.Sum(terms), CdfDistance.Distance(u, v, squared));
    }
}
