using Argus.Core.Tracking.Downsampling;

namespace Argus.Tests.Core.Tracking.Downsampling;

public sealed class LttbTests
{
    [Theory]
    [InlineData(1, 100, 10)]
    [InlineData(2, 1000, 37)]
    [InlineData(3, 5000, 1000)]
    [InlineData(4, 12345, 3)]
    [InlineData(5, 100_003, 999)]
    [InlineData(6, 10, 9)]
    public void Select_RandomWalk_MatchesReference(int seed, int n, int threshold)
    {
        var random = new Random(seed);
        var (x, y) = (new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            // Ties in x (about one point in four repeats the previous x) and a random walk in y.
            x[i] = i == 0 ? 0 : x[i - 1] + (random.Next(4) == 0 ? 0 : random.Next(1, 5));
            y[i] = (i == 0 ? 0 : y[i - 1]) + random.NextDouble() - 0.5;
        }

        Assert.Equal(Reference(x, y, threshold), Select(x, y, threshold));
    }

    [Theory]
    [InlineData(7, 50_000, 500)]
    [InlineData(8, 9_999, 100)]
    public void Select_AdversarialSeries_MatchesReference(int seed, int n, int threshold)
    {
        var random = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Timestamps (large x), plateaus, alternating saw teeth, huge and tiny magnitudes, exact repeats.
            x[i] = 1_700_000_000_000d + (i / 3);
            y[i] = (i % 7) switch
            {
                0 => 1e300 * (random.Next(2) == 0 ? 1 : -1),
                1 => 1e-300,
                2 => i % 2 == 0 ? 1 : -1,
                _ => 42,
            };
        }

        Assert.Equal(Reference(x, y, threshold), Select(x, y, threshold));
    }

    [Fact]
    public void Select_FlatSeriesWithTiedX_MatchesReferenceFirstOfEqualAreas()
    {
        // Every triangle is degenerate, so every area ties: the first point of each bucket wins.
        var x = Enumerable.Range(0, 3000).Select(i => (double)(i / 4)).ToArray();
        var y = Enumerable.Repeat(3.0, 3000).ToArray();

        Assert.Equal(Reference(x, y, 77), Select(x, y, 77));
    }

    [Fact]
    public void Select_SingleSpikeInFlatMillion_KeepsTheSpike()
    {
        const int n = 1_000_000;
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = i;
        }

        y[654_321] = 1e6;

        var kept = Select(x, y, 1000);

        Assert.Equal(1000, kept.Length);
        Assert.Contains(654_321, kept);
        Assert.Equal(0, kept[0]);
        Assert.Equal(n - 1, kept[^1]);
    }

    [Fact]
    public void Select_NegativeSpikeNextToTheEnds_KeepsAllThree()
    {
        var x = new double[10_000];
        var y = new double[10_000];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = i;
            y[i] = 5;
        }

        y[1] = -1e9;
        y[^2] = -1e9;

        var kept = Select(x, y, 10);

        Assert.Equal([0, 1], kept[..2]);
        Assert.Equal([x.Length - 2, x.Length - 1], kept[^2..]);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(5, 6)]
    [InlineData(1, 2)]
    [InlineData(0, 3)]
    public void Select_ThresholdAtLeastLength_KeepsEveryPoint(int n, int threshold)
    {
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = i;
            y[i] = i * i;
        }

        Assert.Equal(Enumerable.Range(0, n), Select(x, y, threshold));
    }

    [Fact]
    public void Select_ThresholdTwo_KeepsFirstAndLast() =>
        Assert.Equal([0, 99], Select([.. Enumerable.Range(0, 100).Select(i => (double)i)], new double[100], 2));

    [Fact]
    public void Select_XNotSorted_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Select([0, 2, 1, 3], [0, 0, 0, 0], 3));
        Assert.Contains("sorted", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Select_NonFiniteValue_Throws(double value)
    {
        var e = Assert.Throws<ArgumentException>(() => Select([0, 1, 2, 3], [0, value, 0, 0], 3));
        Assert.Contains("not finite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_ThresholdBelowTwo_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Select([0, 1, 2], [0, 0, 0], 1));

    private static int[] Select(double[] x, double[] y, int threshold)
    {
        var selected = new int[Math.Min(threshold, x.Length)];
        var count = Lttb.Select(x, y, threshold, selected);
        Assert.Equal(selected.Length, count);
        return selected;
    }

    // Steinarsson's reference (thesis, Listing 4.2 / the flot plugin), transcribed: floating-point
    // bucket size `every`, the next bucket's average clamped to the data, first strictly-largest area wins.
    private static int[] Reference(double[] x, double[] y, int threshold)
    {
        var n = x.Length;
        if (threshold >= n || threshold == 0)
        {
            return [.. Enumerable.Range(0, n)];
        }

        var sampled = new List<int> { 0 };
        var every = (double)(n - 2) / (threshold - 2);
        var a = 0;
        for (var i = 0; i < threshold - 2; i++)
        {
            var avgRangeStart = (int)Math.Floor((i + 1) * every) + 1;
            var avgRangeEnd = Math.Min((int)Math.Floor((i + 2) * every) + 1, n);
            double avgX = 0, avgY = 0;
            for (var j = avgRangeStart; j < avgRangeEnd; j++)
            {
                avgX += x[j];
                avgY += y[j];
            }

            avgX /= avgRangeEnd - avgRangeStart;
            avgY /= avgRangeEnd - avgRangeStart;

            var rangeOffs = (int)Math.Floor(i * every) + 1;
            var rangeTo = (int)Math.Floor((i + 1) * every) + 1;
            double pointAX = x[a], pointAY = y[a];
            var maxArea = -1.0;
            var nextA = rangeOffs;
            for (var j = rangeOffs; j < rangeTo; j++)
            {
                var area = Math.Abs(((pointAX - avgX) * (y[j] - pointAY)) - ((pointAX - x[j]) * (avgY - pointAY))) * 0.5;
                if (area > maxArea)
                {
                    maxArea = area;
                    nextA = j;
                }
            }

            sampled.Add(nextA);
            a = nextA;
        }

        sampled.Add(n - 1);
        return [.. sampled];
    }
}
