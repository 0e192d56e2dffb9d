using System.Buffers;
using Argus.Core.Monitoring.Quality;

namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// One-vs-rest score curves from one stable descending sort (O(n log n)): scikit-learn's <c>_binary_clf_curve</c>,
/// <c>roc_curve</c>, <c>precision_recall_curve</c>, <c>auc</c> and <c>calibration_curve</c>, Evidently's PR table, ECE
/// and the Brier score.
/// </summary>
internal static class ScoreCurves
{
    private const double PrTableStep = 0.05;

    public static LabelCurves Compute(string label, ReadOnlySpan<bool> positive, ReadOnlySpan<double> score, int calibrationBins)
    {
        var n = score.Length;
        var order = ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
        try
        {
            StableDescendingOrder(score, order.AsSpan(0, n));
            var (fps, tps, thresholds) = ClassifierCurve(positive, score, order.AsSpan(0, n));
            var roc = Roc(fps, tps, thresholds);
            var auc = tps.Length > 0 && tps[^1] > 0 && fps[^1] > 0 ? Trapezoid(roc.FalsePositiveRate, roc.TruePositiveRate) : double.NaN;
            var (calibration, ece) = Calibration(positive, score, calibrationBins);
            return new LabelCurves(
                label,
                auc,
                roc,
                PrecisionRecall(fps, tps, thresholds),
                PrTable(positive, score, order.AsSpan(0, n)),
                calibration,
                ece,
                Brier(positive, score));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>
    /// Row indexes by decreasing score, ties in increasing row order (Python's stable <c>sort(reverse=True)</c>).
    /// </summary>
    internal static void StableDescendingOrder(ReadOnlySpan<double> score, Span<int> order)
    {
        var n = score.Length;
        var keys = ArrayPool<double>.Shared.Rent(Math.Max(n, 1));
        var index = ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
        try
        {
            Ranks.SortWithRows(score, keys.AsSpan(0, n), index.AsSpan(0, n));
            var k = 0;
            for (var end = n; end > 0;)
            {
                var start = end - 1;
                while (start > 0 && keys[start - 1] == keys[end - 1])
                {
                    start--;
                }

                Array.Sort(index, start, end - start);
                for (var i = start; i < end; i++)
                {
                    order[k++] = index[i];
                }

                end = start;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(index);
        }
    }

    /// <summary>scikit-learn's <c>_binary_clf_curve</c>: cumulative false and true positives at each distinct score, decreasing.</summary>
    private static (double[] Fps, double[] Tps, double[] Thresholds) ClassifierCurve(ReadOnlySpan<bool> positive, ReadOnlySpan<double> score, ReadOnlySpan<int> order)
    {
        var fps = new List<double>();
        var tps = new List<double>();
        var thresholds = new List<double>();
        double truePositives = 0;
        for (var k = 0; k < order.Length; k++)
        {
            truePositives += positive[order[k]] ? 1 : 0;
            if (k == order.Length - 1 || score[order[k + 1]] != score[order[k]])
            {
                tps.Add(truePositives);
                fps.Add(1 + k - truePositives);
                thresholds.Add(score[order[k]]);
            }
        }

        return ([.. fps], [.. tps], [.. thresholds]);
    }

    private static RocCurve Roc(double[] fps, double[] tps, double[] thresholds)
    {
        var keep = new List<int>(fps.Length);
        for (var i = 0; i < fps.Length; i++)
        {
            // drop_intermediate: keep the ends and every corner (a non-zero second difference of fps or tps).
            if (fps.Length <= 2 || i == 0 || i == fps.Length - 1
                || fps[i + 1] - (2 * fps[i]) + fps[i - 1] != 0 || tps[i + 1] - (2 * tps[i]) + tps[i - 1] != 0)
            {
                keep.Add(i);
            }
        }

        var count = keep.Count + 1;
        var fpr = new double[count];
        var tpr = new double[count];
        var thr = new double[count];
        var lastFps = fps.Length > 0 ? fps[^1] : 0;
        var lastTps = tps.Length > 0 ? tps[^1] : 0;
        thr[0] = thresholds.Length > 0 ? thresholds[0] + 1 : double.NaN;
        fpr[0] = lastFps > 0 ? 0 : double.NaN;
        tpr[0] = lastTps > 0 ? 0 : double.NaN;
        for (var j = 0; j < keep.Count; j++)
        {
            var i = keep[j];
            fpr[j + 1] = lastFps > 0 ? fps[i] / lastFps : double.NaN;
            tpr[j + 1] = lastTps > 0 ? tps[i] / lastTps : double.NaN;
            thr[j + 1] = thresholds[i];
        }

        return new RocCurve(fpr, tpr, thr);
    }

    private static PrecisionRecallCurve PrecisionRecall(double[] fps, double[] tps, double[] thresholds)
    {
        var m = fps.Length;
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thr = new double[m];
        var lastTps = m > 0 ? tps[^1] : 0;
        for (var i = 0; i < m; i++)
        {
            var j = m - 1 - i;
            var predicted = tps[j] + fps[j];
            precision[i] = predicted != 0 ? tps[j] / predicted : 0;
            recall[i] = lastTps == 0 ? 1 : tps[j] / lastTps;
            thr[i] = thresholds[j];
        }

        precision[m] = 1;
        recall[m] = 0;
        return new PrecisionRecallCurve(precision, recall, thr);
    }

    /// <summary>numpy's <c>trapz(y, x)</c> (scikit-learn's <c>auc</c> for an increasing x).</summary>
    internal static double Trapezoid(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double sum = 0, compensation = 0;
        for (var i = 0; i + 1 < x.Count; i++)
        {
            NumericKernels.Add((x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0, ref sum, ref compensation);
        }

        return sum + compensation;
    }

    private static List<PrTableRow> PrTable(ReadOnlySpan<bool> positive, ReadOnlySpan<double> score, ReadOnlySpan<int> order)
    {
        var n = order.Length;
        var rows = new List<PrTableRow>();
        if (n == 0)
        {
            return rows;
        }

        long positives = 0;
        foreach (var p in positive)
        {
            positives += p ? 1 : 0;
        }

        // Python's round() rounds half to even, as Math.Round does by default.
        var offset = Math.Max((long)Math.Round(n * PrTableStep), 1);
        long truePositives = 0;
        var counted = 0;
        for (var step = offset; step < n + offset; step += offset)
        {
            var count = (int)Math.Min(step, n);
            while (counted < count)
            {
                truePositives += positive[order[counted++]] ? 1 : 0;
            }

            rows.Add(new PrTableRow(
                100.0 * count / n,
                count,
                score[order[(int)Math.Min(step, n - 1)]],
                truePositives,
                count - truePositives,
                100.0 * truePositives / count,
                positives > 0 ? 100.0 * truePositives / positives : double.NaN));
        }

        return rows;
    }

    private static (CalibrationCurve Curve, double Ece) Calibration(ReadOnlySpan<bool> positive, ReadOnlySpan<double> score, int bins)
    {
        var edges = NumericKernels.Linspace(0.0, 1.0, bins + 1);
        var sums = new double[bins];
        var trues = new double[bins];
        var totals = new long[bins];
        for (var i = 0; i < score.Length; i++)
        {
            var bin = Bin(edges, score[i]);
            sums[bin] += score[i];
            trues[bin] += positive[i] ? 1 : 0;
            totals[bin]++;
        }

        var probTrue = new List<double>();
        var probPred = new List<double>();
        var counts = new List<long>();
        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (totals[b] == 0)
            {
                continue;
            }

            var share = trues[b] / totals[b];
            var mean = sums[b] / totals[b];
            probTrue.Add(share);
            probPred.Add(mean);
            counts.Add(totals[b]);
            ece += (double)totals[b] / score.Length * Math.Abs(share - mean);
        }

        return (new CalibrationCurve(probTrue, probPred, counts), score.Length > 0 ? ece : double.NaN);
    }

    /// <summary><c>np.searchsorted(edges[1:-1], p, side="left")</c>: how many inner edges lie strictly below p.</summary>
    internal static int Bin(double[] edges, double p)
    {
        int lo = 1, hi = edges.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (edges[mid] < p)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }

    private static double Brier(ReadOnlySpan<bool> positive, ReadOnlySpan<double> score)
    {
        double sum = 0, compensation = 0;
        for (var i = 0; i < score.Length; i++)
        {
            var d = (positive[i] ? 1.0 : 0.0) - score[i];
            NumericKernels.Add(d * d, ref sum, ref compensation);
        }

        return score.Length > 0 ? (sum + compensation) / score.Length : double.NaN;
    }
}
