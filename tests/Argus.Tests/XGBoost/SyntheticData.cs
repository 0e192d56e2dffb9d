using Argus.XGBoost;

namespace Argus.Tests.XGBoost;

/// <summary>Small deterministic data sets (seeded) for the XGBoost tests.</summary>
internal sealed class SyntheticData
{
    private SyntheticData(float[] features, float[] labels, int rows, int columns)
    {
        Features = features;
        Labels = labels;
        Rows = rows;
        Columns = columns;
    }

    public float[] Features { get; }

    public float[] Labels { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>y = 3·x0 − 2·x1 + sin(3·x2) + small noise; x3 is pure noise.</summary>
    public static SyntheticData Regression(int rows, int seed, double noise = 0.05)
    {
        const int columns = 4;
        var random = new Random(seed);
        var x = new float[rows * columns];
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                x[(i * columns) + j] = (float)((random.NextDouble() * 2) - 1);
            }

            var row = x.AsSpan(i * columns, columns);
            y[i] = (float)((3 * row[0]) - (2 * row[1]) + Math.Sin(3 * row[2]) + (noise * ((random.NextDouble() * 2) - 1)));
        }

        return new SyntheticData(x, y, rows, columns);
    }

    /// <summary>Labels are pure noise, unrelated to the features: a validation set stops improving at once.</summary>
    public static SyntheticData Noise(int rows, int seed)
    {
        var data = Regression(rows, seed);
        var random = new Random(seed + 1000);
        for (var i = 0; i < rows; i++)
        {
            data.Labels[i] = (float)random.NextDouble();
        }

        return data;
    }

    /// <summary>Class = which third of [-1, 1) x0 + x1/2 falls in (clamped), for <paramref name="classes"/> of 2 or 3.</summary>
    public static SyntheticData Classification(int rows, int seed, int classes)
    {
        var data = Regression(rows, seed);
        for (var i = 0; i < rows; i++)
        {
            var score = data.Features[i * data.Columns] + (data.Features[(i * data.Columns) + 1] / 2);
            data.Labels[i] = classes == 2
                ? (score > 0 ? 1 : 0)
                : (score < -0.4 ? 0 : score < 0.4 ? 1 : 2);
        }

        return data;
    }

    public DMatrix ToDMatrix()
    {
        var matrix = new DMatrix(Features, Rows, Columns);
        matrix.SetLabel(Labels);
        return matrix;
    }
}
