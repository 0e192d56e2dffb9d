using Argus.Core.Monitoring.Stats;

namespace Argus.Tests.Core.Monitoring.Stats;

/// <summary>
/// The radix sort against <see cref="Array.Sort(Array)"/> on the shapes drift columns take: similar magnitudes,
/// heavy tails, few distinct values, rounded money, both signs and zeros, already sorted and reversed input, sizes
/// either side of the radix threshold, and values spread over the whole double range.
/// </summary>
public sealed class NumericSortTests
{
    public static TheoryData<string, int> Shapes()
    {
        var data = new TheoryData<string, int>();
        foreach (var shape in new[] { "normal", "lognormal", "integers", "money", "signed-zeros", "sorted", "reversed", "full-range", "one-value", "two-values", "clustered" })
        {
            foreach (var n in new[] { 1, 100, 4095, 4096, 50_000, 300_000 })
            {
                data.Add(shape, n);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SortInto_AnyShape_EqualsArraySortBitForBit(string shape, int n)
    {
        var values = Make(shape, n, new Random(n ^ shape.Length));
        var expected = (double[])values.Clone();
        Array.Sort(expected);

        var actual = new double[n + 3];
        actual[n] = actual[n + 1] = actual[n + 2] = 42;
        NumericSort.SortInto(values, actual);

        for (var i = 0; i < n; i++)
        {
            // Either sort may leave -0 and +0 in any order among themselves, as numpy's does; values are equal.
            Assert.True(expected[i].Equals(actual[i]), $"{shape}, n={n}: position {i} is {actual[i]:R}, expected {expected[i]:R}");
            Assert.True(i == 0 || actual[i - 1] <= actual[i], $"{shape}, n={n}: not ascending at {i}");
        }

        Assert.Equal([42.0, 42.0, 42.0], actual[n..]);
        Assert.Equal(values.Count(double.IsNegative), actual.Take(n).Count(double.IsNegative));
    }

    [Fact]
    public void SortedCopy_LeavesTheInputAlone()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 20_000).Select(_ => random.NextDouble() - 0.5).ToArray();
        var before = (double[])values.Clone();

        var sorted = NumericSort.SortedCopy(values);

        Assert.Equal(before, values);
        Assert.Equal(before.Order(), sorted);
    }

    private static double[] Make(string shape, int n, Random random)
    {
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, n).Select(i => shape switch
        {
            "normal" => Normal(),
            "lognormal" => Math.Exp(2 * Normal()),
            "integers" => random.Next(1, 7),
            "money" => Math.Round(random.NextDouble() * 50, 2),
            "signed-zeros" => random.Next(4) switch { 0 => 0.0, 1 => -0.0, 2 => -random.NextDouble(), _ => double.Epsilon * random.Next(1, 4) },
            "sorted" => i * 0.25,
            "reversed" => (n - i) * -3.5,
            "full-range" => random.Next(3) == 0
                ? (random.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity)
                : Math.Pow(10, (random.NextDouble() * 600) - 300) * (random.Next(2) * 2 - 1),
            "one-value" => 7.125,
            "two-values" => random.Next(2) == 0 ? 1e-300 : 1.0000000000000002,
            // Values that share all but their last few mantissa bits, so whole segments differ only at the bottom.
            "clustered" => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1000.0) + random.Next(0, 300)),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        }).ToArray();
    }
}
