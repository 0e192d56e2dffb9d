using System.Buffers;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Quality;

namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Regression quality as Evidently computes it (<c>regression_performance.py</c>, <c>RegressionDummyMetric</c>) and
/// scikit-learn's R². O(n log n): one sort of the errors and one of the target; buffers come from the shared pool.
/// </summary>
public static class RegressionPerformance
{
    // numpy's finfo(float64).eps, the floor of Evidently's and scikit-learn's MAPE denominators.
    private const double Float64Epsilon = 2.220446049250313E-16;

    /// <summary>
    /// Scores <paramref name="prediction"/> against <paramref name="target"/>. <paramref name="features"/> (aligned with
    /// the rows) get the error-bias table; <paramref name="referenceTarget"/>, when not empty, gives the dummy constants
    /// "by reference".
    /// </summary>
    public static RegressionResult Compute(
        ReadOnlySpan<double> target,
        ReadOnlySpan<double> prediction,
        RegressionOptions? options = null,
        IReadOnlyList<QualityColumn>? features = null,
        ReadOnlySpan<double> referenceTarget = default)
    {
        options ??= new RegressionOptions();
        options.Validate();
        if (target.Length != prediction.Length)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"Target has {target.Length} rows and prediction {prediction.Length}.");
        }

        foreach (var feature in features ?? [])
        {
            if (feature.Length != target.Length)
            {
                throw new ArgusException(ErrorCode.InvalidParameterValue, $"Feature '{feature.Name}' has {feature.Length} rows; the target has {target.Length}.");
            }
        }

        var total = target.Length;
        var pool = ArrayPool<double>.Shared;
        var rowsBuffer = ArrayPool<int>.Shared.Rent(Math.Max(total, 1));
        var t = pool.Rent(Math.Max(total, 1));
        var e = pool.Rent(Math.Max(total, 1));
        var work = pool.Rent(Math.Max(total, 1));
        try
        {
            var n = 0;
            for (var i = 0; i < total; i++)
            {
                if (double.IsFinite(target[i]) && double.IsFinite(prediction[i]))
                {
                    rowsBuffer[n] = i;
                    t[n] = target[i];
                    e[n] = prediction[i] - target[i];
                    n++;
                }
            }

            if (n == 0)
            {
                throw new ArgusException(ErrorCode.InvalidParameterValue, "No row has both a finite target and a finite prediction.");
            }

            var targets = t.AsSpan(0, n);
            var errors = e.AsSpan(0, n);
            var scratch = work.AsSpan(0, n);
            var meanError = NumericKernels.Mean(errors);
            var errorStd = Math.Sqrt(NumericKernels.Variance(errors, meanError, 1));

            double absMax = 0;
            for (var i = 0; i < n; i++)
            {
                scratch[i] = Math.Abs(errors[i]);
                absMax = Math.Max(absMax, scratch[i]);
            }

            var mae = NumericKernels.Mean(scratch);
            var maeStd = Math.Sqrt(NumericKernels.Variance(scratch, mae, 1));
            for (var i = 0; i < n; i++)
            {
                var denominator = options.MapeDenominator == MapeDenominator.Absolute ? Math.Abs(targets[i]) : targets[i];
                scratch[i] = Math.Abs(errors[i]) / Math.Max(denominator, Float64Epsilon);
            }

            var apeMean = NumericKernels.Mean(scratch);
            var mape = 100.0 * apeMean;
            var mapeStd = 100.0 * Math.Sqrt(NumericKernels.Variance(scratch, apeMean, 1));
            for (var i = 0; i < n; i++)
            {
                scratch[i] = errors[i] * errors[i];
            }

            var squaredErrorSum = NumericKernels.Sum(scratch);
            var rmse = Math.Sqrt(squaredErrorSum / n);
            var targetMean = NumericKernels.Mean(targets);
            var r2 = R2(squaredErrorSum, NumericKernels.SumOfSquaredDeviations(targets, targetMean));

            var dummy = Dummy(targets, targetMean, referenceTarget, scratch);
            errors.CopyTo(scratch);
            scratch.Sort();
            var low = NumericKernels.QuantileSorted(scratch, options.TopErrorQuantile);
            var high = NumericKernels.QuantileSorted(scratch, 1 - options.TopErrorQuantile);
            var groups = new TopErrorGroups(
                low,
                high,
                Group(errors, scratch, Side.Under, low, high),
                Group(errors, scratch, Side.Majority, low, high),
                Group(errors, scratch, Side.Over, low, high));

            var rows = rowsBuffer.AsSpan(0, n);
            var numericBias = new List<NumericErrorBias>();
            var categoricalBias = new List<CategoricalErrorBias>();
            foreach (var feature in features ?? [])
            {
                if (feature.IsNumeric && feature.Type == ColumnType.Numerical)
                {
                    numericBias.Add(NumericBias(feature, rows, errors, low, high, scratch));
                }
                else if (!feature.IsNumeric && feature.Type == ColumnType.Categorical)
                {
                    categoricalBias.Add(CategoricalBias(feature, rows, errors, low, high));
                }
            }

            return new RegressionResult(n, total - n, meanError, errorStd, mae, maeStd, mape, mapeStd, rmse, r2, absMax, dummy, groups, numericBias, categoricalBias);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rowsBuffer);
            pool.Return(t);
            pool.Return(e);
            pool.Return(work);
        }
    }

    /// <summary>scikit-learn's <c>r2_score</c> with <c>force_finite=True</c>: 1 for a perfect fit of a constant target, else 0 there.</summary>
    internal static double R2(double residualSumOfSquares, double totalSumOfSquares) =>
        totalSumOfSquares != 0 ? 1 - (residualSumOfSquares / totalSumOfSquares)
        : residualSumOfSquares == 0 ? 1.0 : 0.0;

    /// <summary>
    /// The rows of an error group, as Evidently picks them: under ≤ low quantile &lt; majority &lt; high quantile ≤ over.
    /// </summary>
    private enum Side
    {
        All,
        Under,
        Majority,
        Over,
    }

    private static bool InGroup(double error, Side side, double low, double high) => side switch
    {
        Side.Under => error <= low,
        Side.Majority => error > low && error < high,
        Side.Over => error >= high,
        _ => true,
    };

    private static ErrorGroup Group(ReadOnlySpan<double> errors, Span<double> scratch, Side side, double low, double high)
    {
        var count = 0;
        foreach (var x in errors)
        {
            if (InGroup(x, side, low, high))
            {
                scratch[count++] = x;
            }
        }

        var values = scratch[..count];
        var mean = NumericKernels.Mean(values);
        return new ErrorGroup(count, mean, Math.Sqrt(NumericKernels.Variance(values, mean, 1)));
    }

    private static DummyRegressionMetrics Dummy(ReadOnlySpan<double> targets, double targetMean, ReadOnlySpan<double> referenceTarget, Span<double> scratch)
    {
        targets.CopyTo(scratch);
        scratch.Sort();
        var median = NumericKernels.MedianSorted(scratch);
        var mapeConstant = MapeOptimalConstant(targets);
        double? maeRef = null, rmseRef = null, mapeRef = null, maxRef = null;
        if (!referenceTarget.IsEmpty)
        {
            var reference = ArrayPool<double>.Shared.Rent(referenceTarget.Length);
            try
            {
                var count = NumericKernels.CopyFinite(referenceTarget, reference);
                var finite = reference.AsSpan(0, count);
                var referenceMean = NumericKernels.Mean(finite);
                var referenceMape = MapeOptimalConstant(finite);
                finite.Sort();
                var referenceMedian = NumericKernels.MedianSorted(finite);
                maeRef = MeanAbsoluteDeviation(targets, referenceMedian);
                rmseRef = RootMeanSquare(targets, referenceMean);
                mapeRef = SklearnMape(targets, referenceMape);
                maxRef = MaxAbsoluteDeviation(targets, referenceMedian);
            }
            finally
            {
                ArrayPool<double>.Shared.Return(reference);
            }
        }

        return new DummyRegressionMetrics(
            MeanAbsoluteDeviation(targets, median),
            RootMeanSquare(targets, targetMean),
            SklearnMape(targets, mapeConstant),
            MaxAbsoluteDeviation(targets, median),
            maeRef,
            rmseRef,
            mapeRef,
            maxRef);
    }

    /// <summary>
    /// Evidently's optimal constant for MAPE: over the non-zero targets, weights w = (1/y) / Σ(1/y) sorted ascending,
    /// the target whose running weight sum first exceeds 0.5. Sums run left to right as in Python. NaN without a
    /// non-zero target.
    /// </summary>
    internal static double MapeOptimalConstant(ReadOnlySpan<double> targets)
    {
        var nonZero = 0;
        foreach (var y in targets)
        {
            nonZero += y != 0 ? 1 : 0;
        }

        if (nonZero == 0)
        {
            return double.NaN;
        }

        var weights = new double[nonZero];
        var values = new double[nonZero];
        double inverseSum = 0;
        var k = 0;
        foreach (var y in targets)
        {
            if (y != 0)
            {
                values[k] = y;
                weights[k] = 1.0 / y;
                inverseSum += weights[k];
                k++;
            }
        }

        for (var i = 0; i < nonZero; i++)
        {
            weights[i] /= inverseSum;
        }

        Array.Sort(weights, values);
        double cumulative = 0;
        for (var i = 0; i < nonZero; i++)
        {
            cumulative += weights[i];
            if (cumulative > 0.5)
            {
                return values[i];
            }
        }

        return double.NaN;
    }

    private static double MeanAbsoluteDeviation(ReadOnlySpan<double> values, double constant)
    {
        double sum = 0, compensation = 0;
        foreach (var y in values)
        {
            NumericKernels.Add(Math.Abs(constant - y), ref sum, ref compensation);
        }

        return (sum + compensation) / values.Length;
    }

    private static double RootMeanSquare(ReadOnlySpan<double> values, double constant)
    {
        double sum = 0, compensation = 0;
        foreach (var y in values)
        {
            NumericKernels.Add((y - constant) * (y - constant), ref sum, ref compensation);
        }

        return Math.Sqrt((sum + compensation) / values.Length);
    }

    private static double SklearnMape(ReadOnlySpan<double> values, double constant)
    {
        double sum = 0, compensation = 0;
        foreach (var y in values)
        {
            NumericKernels.Add(Math.Abs(constant - y) / Math.Max(Math.Abs(y), Float64Epsilon), ref sum, ref compensation);
        }

        return 100.0 * (sum + compensation) / values.Length;
    }

    private static double MaxAbsoluteDeviation(ReadOnlySpan<double> values, double constant)
    {
        var max = 0.0;
        foreach (var y in values)
        {
            max = Math.Max(max, Math.Abs(y - constant));
        }

        return max;
    }

    private static NumericErrorBias NumericBias(QualityColumn feature, ReadOnlySpan<int> rows, ReadOnlySpan<double> errors, double low, double high, Span<double> scratch)
    {
        var values = feature.Numbers.Span;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        int all = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var v = values[rows[i]];
            if (!double.IsNaN(v))
            {
                scratch[all++] = v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        var allMean = NumericKernels.Mean(scratch[..all]);
        var under = GroupMean(values, rows, errors, scratch, Side.Under, low, high);
        var over = GroupMean(values, rows, errors, scratch, Side.Over, low, high);
        var range = over == under ? 0 : 100 * Math.Abs(over - under) / (max - min);
        return new NumericErrorBias(feature.Name, allMean, under, over, range);
    }

    private static double GroupMean(ReadOnlySpan<double> values, ReadOnlySpan<int> rows, ReadOnlySpan<double> errors, Span<double> scratch, Side side, double low, double high)
    {
        var count = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var v = values[rows[i]];
            if (InGroup(errors[i], side, low, high) && !double.IsNaN(v))
            {
                scratch[count++] = v;
            }
        }

        return NumericKernels.Mean(scratch[..count]);
    }

    private static CategoricalErrorBias CategoricalBias(QualityColumn feature, ReadOnlySpan<int> rows, ReadOnlySpan<double> errors, double low, double high)
    {
        var codes = feature.Codes.Span;
        var labels = feature.Labels!;
        var all = MostFrequent(codes, rows, errors, labels, Side.All, low, high);
        var under = MostFrequent(codes, rows, errors, labels, Side.Under, low, high);
        var over = MostFrequent(codes, rows, errors, labels, Side.Over, low, high);
        var differs = !string.Equals(all, under, StringComparison.Ordinal) || !string.Equals(all, over, StringComparison.Ordinal);
        return new CategoricalErrorBias(feature.Name, all, under, over, differs);
    }

    // pandas' value_counts re-indexed by first appearance, then idxmax: the most frequent label, ties to the first seen.
    private static string? MostFrequent(ReadOnlySpan<int> codes, ReadOnlySpan<int> rows, ReadOnlySpan<double> errors, IReadOnlyList<string> labels, Side side, double low, double high)
    {
        var counts = new long[labels.Count];
        var first = new int[labels.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var code = codes[rows[i]];
            if (code >= 0 && InGroup(errors[i], side, low, high))
            {
                if (counts[code]++ == 0)
                {
                    first[code] = i;
                }
            }
        }

        var best = -1;
        for (var code = 0; code < counts.Length; code++)
        {
            if (counts[code] > 0 && (best < 0 || counts[code] > counts[best] || (counts[code] == counts[best] && first[code] < first[best])))
            {
                best = code;
            }
        }

        return best < 0 ? null : labels[best];
    }
}
