using System.Text.Json;
using Argus.XGBoost;

namespace Argus.Tests.XGBoost.Inference;

/// <summary>Models, data and probe rows for checking the managed predictor against libxgboost.</summary>
internal static class InferenceModels
{
    /// <summary>
    /// Training data suited to <paramref name="objective"/> (labels in its domain), with a tenth of the
    /// feature values missing (NaN).
    /// </summary>
    public static SyntheticData DataFor(string objective, int rows, int seed)
    {
        var data = objective.StartsWith("multi:", StringComparison.Ordinal) ? SyntheticData.Classification(rows, seed, classes: 3)
            : objective.StartsWith("binary:", StringComparison.Ordinal) ? SyntheticData.Classification(rows, seed, classes: 2)
            : SyntheticData.Regression(rows, seed);
        for (var i = 0; i < data.Rows; i++)
        {
            data.Labels[i] = objective switch
            {
                "reg:logistic" => 1f / (1f + MathF.Exp(-data.Labels[i])),
                "count:poisson" or "reg:tweedie" or "reg:gamma" => MathF.Exp(data.Labels[i] / 3),
                _ => data.Labels[i],
            };
        }

        var random = new Random(seed + 500);
        for (var i = 0; i < data.Features.Length; i++)
        {
            if (random.NextDouble() < 0.1)
            {
                data.Features[i] = float.NaN;
            }
        }

        return data;
    }

    /// <summary>
    /// Trains with <see cref="XGBoostTrainer"/> when it supports <paramref name="objective"/>, else round by
    /// round on a <see cref="Booster"/> with the same parameters (plus <paramref name="extra"/>).
    /// </summary>
    public static Booster Train(string objective, SyntheticData data, int rounds, params (string Name, string Value)[] extra)
    {
        using var train = data.ToDMatrix();
        var numClass = objective.StartsWith("multi:", StringComparison.Ordinal) ? 3 : (int?)null;
        if (extra.Length == 0 && TrainOptions.SupportedObjectives.Contains(objective))
        {
            var options = new TrainOptions { Objective = objective, MaxDepth = 4, NThread = 1, Seed = 7, NumClass = numClass };
            return XGBoostTrainer.Train(options, train, [], rounds).Booster;
        }

        var booster = Booster.Create([train]);
        try
        {
            booster.SetParameter("objective", objective);
            booster.SetParameter("max_depth", "4");
            booster.SetParameter("nthread", "1");
            booster.SetParameter("seed", "7");
            if (numClass is { } classes)
            {
                booster.SetParameter("num_class", classes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            foreach (var (name, value) in extra)
            {
                booster.SetParameter(name, value);
            }

            for (var round = 0; round < rounds; round++)
            {
                booster.UpdateOneIteration(round, train);
            }

            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Rows that probe the edges of the model in <paramref name="json"/>: values exactly at split thresholds
    /// and one float either side, ±0, ±ε, ±max, ±∞, NaN, and random values with NaN among them.
    /// </summary>
    public static float[] ProbeRows(byte[] json, int columns, int seed)
    {
        var random = new Random(seed);
        var rows = new List<float[]>();
        float[] RandomRow(double missing)
        {
            var row = new float[columns];
            for (var j = 0; j < columns; j++)
            {
                row[j] = random.NextDouble() < missing ? float.NaN : (float)((random.NextDouble() * 4) - 2);
            }

            return row;
        }

        foreach (var (feature, threshold) in Splits(json).Distinct().Take(150))
        {
            foreach (var value in new[] { threshold, MathF.BitDecrement(threshold), MathF.BitIncrement(threshold) })
            {
                var row = RandomRow(0.15);
                row[feature] = value;
                rows.Add(row);
            }
        }

        float[] extremes =
        [
            0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e-30f, -1e30f,
        ];
        for (var i = 0; i < 60; i++)
        {
            var row = new float[columns];
            for (var j = 0; j < columns; j++)
            {
                row[j] = extremes[random.Next(extremes.Length)];
            }

            rows.Add(row);
        }

        rows.Add(Enumerable.Repeat(float.NaN, columns).ToArray());
        for (var i = 0; i < 100; i++)
        {
            rows.Add(RandomRow(i % 2 == 0 ? 0 : 0.3));
        }

        return rows.SelectMany(r => r).ToArray();
    }

    /// <summary>Every split's (feature, threshold) in an XGBoost JSON model.</summary>
    public static IEnumerable<(int Feature, float Threshold)> Splits(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var trees = document.RootElement.GetProperty("learner").GetProperty("gradient_booster").GetProperty("model").GetProperty("trees");
        var splits = new List<(int, float)>();
        foreach (var tree in trees.EnumerateArray())
        {
            var left = tree.GetProperty("left_children").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var features = tree.GetProperty("split_indices").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var conditions = tree.GetProperty("split_conditions").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            for (var i = 0; i < left.Length; i++)
            {
                if (left[i] != -1)
                {
                    splits.Add((features[i], conditions[i]));
                }
            }
        }

        return splits;
    }

    /// <summary>Asserts the two arrays hold the same float bit patterns, naming the first that differs.</summary>
    public static void AssertBitIdentical(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var (e, a) = (BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]));
            Assert.True(e == a, $"{what}, value {i}: libxgboost {expected[i]:R} (0x{e:X8}), managed {actual[i]:R} (0x{a:X8}).");
        }
    }

    /// <summary>The rows of <paramref name="data"/> followed by <paramref name="probes"/>.</summary>
    public static float[] Concat(SyntheticData data, float[] probes) => [.. data.Features, .. probes];
}
