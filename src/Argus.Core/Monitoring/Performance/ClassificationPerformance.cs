using System.Buffers;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Quality;

namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Classification quality as Evidently computes it (<c>classification_performance.py</c>) with scikit-learn 1.2's
/// metrics, plus calibration. Labels are codes into a label list (-1 = missing); probabilities come one column per
/// label. O(n·labels) for the counts, O(n log n) per label for the curves.
/// </summary>
public static class ClassificationPerformance
{
    // numpy's finfo(float64).eps: scikit-learn 1.2's log_loss clips probabilities to [eps, 1 - eps].
    private const double Float64Epsilon = 2.220446049250313E-16;

    /// <summary>
    /// Quality of predicted labels. The task is binary when actual and predicted labels together take exactly two
    /// values (Evidently's rule); the positive label must then be one of them.
    /// </summary>
    public static ClassificationResult FromLabels(ReadOnlySpan<int> target, ReadOnlySpan<int> predicted, IReadOnlyList<string> labels, ClassificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new ClassificationOptions();
        options.Validate();
        CheckLength(target.Length, predicted.Length, "prediction");
        var y = new int[target.Length];
        var p = new int[target.Length];
        var n = 0;
        for (var i = 0; i < target.Length; i++)
        {
            CheckCode(target[i], labels.Count, i);
            CheckCode(predicted[i], labels.Count, i);
            if (target[i] >= 0 && predicted[i] >= 0)
            {
                y[n] = target[i];
                p[n] = predicted[i];
                n++;
            }
        }

        var present = new bool[labels.Count];
        for (var i = 0; i < n; i++)
        {
            present[y[i]] = true;
            present[p[i]] = true;
        }

        return Score(y.AsSpan(0, n), p.AsSpan(0, n), labels, present, null, target.Length - n, options);
    }

    /// <summary>
    /// Quality of probabilities: one column per label (in <paramref name="labels"/> order), or, for two labels, a
    /// single column holding the positive label's probability. Binary rows are predicted positive when that
    /// probability is at least the threshold; multiclass rows take the first label with the highest probability.
    /// Probabilities must lie in [0, 1]; a row with a NaN probability is dropped.
    /// </summary>
    public static ClassificationResult FromProbabilities(ReadOnlySpan<int> target, IReadOnlyList<ReadOnlyMemory<double>> probabilities, IReadOnlyList<string> labels, ClassificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new ClassificationOptions();
        options.Validate();
        var single = probabilities.Count == 1 && labels.Count == 2;
        if (!single && probabilities.Count != labels.Count)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"Expected one probability column per label ({labels.Count}), or one column for a binary task; got {probabilities.Count}.");
        }

        if (labels.Count < 2)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "A classification task needs at least two labels.");
        }

        var k = labels.Count;
        var binary = k == 2;
        var positive = binary ? PositiveIndex(labels, options.PositiveLabel) : -1;
        foreach (var column in probabilities)
        {
            CheckLength(target.Length, column.Length, "a probability column");
        }

        // Kept rows, their probabilities row-major (a single binary column is expanded: the other label gets 1 − p).
        var rows = target.Length;
        var y = new int[rows];
        var matrix = new double[rows * k];
        var n = 0;
        for (var i = 0; i < rows; i++)
        {
            CheckCode(target[i], k, i);
            var keep = target[i] >= 0;
            for (var c = 0; c < probabilities.Count && keep; c++)
            {
                var v = probabilities[c].Span[i];
                if (double.IsNaN(v))
                {
                    keep = false;
                }
                else if (!(v >= 0 && v <= 1))
                {
                    throw new ArgusException(ErrorCode.InvalidParameterValue, $"Probability {v} at row {i} is outside [0, 1].");
                }
            }

            if (!keep)
            {
                continue;
            }

            y[n] = target[i];
            var row = matrix.AsSpan(n * k, k);
            if (single)
            {
                var pPositive = probabilities[0].Span[i];
                row[positive] = pPositive;
                row[1 - positive] = 1.0 - pPositive;
            }
            else
            {
                for (var c = 0; c < k; c++)
                {
                    row[c] = probabilities[c].Span[i];
                }
            }

            n++;
        }

        var predicted = new int[n];
        for (var i = 0; i < n; i++)
        {
            var row = matrix.AsSpan(i * k, k);
            predicted[i] = binary ? (row[positive] >= options.Threshold ? positive : 1 - positive) : ArgMax(row);
        }

        var considered = new bool[k];
        Array.Fill(considered, true);
        var probas = new Probabilities(matrix, n, k);
        return Score(y.AsSpan(0, n), predicted, labels, considered, probas, rows - n, options);
    }

    private static ClassificationResult Score(
        ReadOnlySpan<int> y,
        ReadOnlySpan<int> predicted,
        IReadOnlyList<string> labels,
        bool[] considered,
        Probabilities? probas,
        long dropped,
        ClassificationOptions options)
    {
        var n = y.Length;
        if (n == 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "No row has both an actual label and a prediction.");
        }

        // Labels in ordinal order (Evidently's sorted(labels)); codes map to their position.
        var codes = new List<int>();
        for (var c = 0; c < labels.Count; c++)
        {
            if (considered[c])
            {
                codes.Add(c);
            }
        }

        codes.Sort((a, b) => string.CompareOrdinal(labels[a], labels[b]));
        var position = new int[labels.Count];
        Array.Fill(position, -1);
        for (var i = 0; i < codes.Count; i++)
        {
            position[codes[i]] = i;
        }

        var m = codes.Count;
        var matrix = new long[m][];
        for (var i = 0; i < m; i++)
        {
            matrix[i] = new long[m];
        }

        long correct = 0;
        for (var i = 0; i < n; i++)
        {
            matrix[position[y[i]]][position[predicted[i]]]++;
            correct += y[i] == predicted[i] ? 1 : 0;
        }

        var sortedLabels = new string[m];
        for (var i = 0; i < m; i++)
        {
            sortedLabels[i] = labels[codes[i]];
        }

        var binary = m == 2;
        var positive = binary ? position[PositiveIndex(labels, options.PositiveLabel, codes)] : -1;
        var perLabel = new LabelMetrics[m];
        double precisionSum = 0, recallSum = 0, f1Sum = 0;
        var observed = 0;
        for (var i = 0; i < m; i++)
        {
            long tp = matrix[i][i], actual = 0, predictedCount = 0;
            for (var j = 0; j < m; j++)
            {
                actual += matrix[i][j];
                predictedCount += matrix[j][i];
            }

            var precision = predictedCount > 0 ? (double)tp / predictedCount : 0;
            var recall = actual > 0 ? (double)tp / actual : 0;
            var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            perLabel[i] = new LabelMetrics(sortedLabels[i], actual, precision, recall, f1, null);
            if (actual > 0 || predictedCount > 0)
            {
                precisionSum += precision;
                recallSum += recall;
                f1Sum += f1;
                observed++;
            }
        }

        double? tpr = null, tnr = null, fpr = null, fnr = null;
        double overallPrecision, overallRecall, overallF1;
        if (binary)
        {
            var negative = 1 - positive;
            double tp = matrix[positive][positive], fn = matrix[positive][negative], fp = matrix[negative][positive], tn = matrix[negative][negative];
            tpr = tp / (tp + fn);
            tnr = tn / (tn + fp);
            fpr = fp / (fp + tn);
            fnr = fn / (fn + tp);
            overallPrecision = perLabel[positive].Precision;
            overallRecall = perLabel[positive].Recall;
            overallF1 = perLabel[positive].F1;
        }
        else
        {
            overallPrecision = precisionSum / observed;
            overallRecall = recallSum / observed;
            overallF1 = f1Sum / observed;
        }

        double? rocAuc = null, logLoss = null, brier = null, ece = null;
        List<LabelCurves>? curves = null;
        if (probas is { } pr)
        {
            curves = [];
            var curveByCode = new LabelCurves[labels.Count];
            var outcome = ArrayPool<bool>.Shared.Rent(n);
            var column = ArrayPool<double>.Shared.Rent(n);
            try
            {
                double aucSum = 0;
                for (var c = 0; c < labels.Count; c++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        outcome[i] = y[i] == c;
                        column[i] = pr.Get(i, c);
                    }

                    curveByCode[c] = ScoreCurves.Compute(labels[c], outcome.AsSpan(0, n), column.AsSpan(0, n), options.CalibrationBins);
                    aucSum += curveByCode[c].RocAuc;
                }

                // Evidently binarises the target against every probability column and averages the columns' AUCs.
                rocAuc = aucSum / labels.Count;
            }
            finally
            {
                ArrayPool<bool>.Shared.Return(outcome);
                ArrayPool<double>.Shared.Return(column);
            }

            for (var i = 0; i < m; i++)
            {
                perLabel[i] = perLabel[i] with { RocAuc = curveByCode[codes[i]].RocAuc };
            }

            if (binary)
            {
                var positiveCurves = curveByCode[codes[positive]];
                curves.Add(positiveCurves);
                brier = positiveCurves.Brier;
                ece = positiveCurves.ExpectedCalibrationError;
            }
            else
            {
                foreach (var code in codes)
                {
                    curves.Add(curveByCode[code]);
                }

                brier = MulticlassBrier(y, pr);
                ece = TopLabelEce(y, pr, options.CalibrationBins);
            }

            logLoss = LogLoss(y, pr);
        }

        return new ClassificationResult(
            n,
            dropped,
            binary,
            binary ? sortedLabels[positive] : null,
            (double)correct / n,
            overallPrecision,
            overallRecall,
            overallF1,
            tpr,
            tnr,
            fpr,
            fnr,
            rocAuc,
            logLoss,
            brier,
            ece,
            new ConfusionMatrix(sortedLabels, matrix),
            perLabel,
            curves);
    }

    /// <summary>scikit-learn 1.2's <c>log_loss</c>: clip to [eps, 1 − eps], renormalise each row, mean of −log p(actual).</summary>
    private static double LogLoss(ReadOnlySpan<int> y, Probabilities p)
    {
        double sum = 0, compensation = 0;
        for (var i = 0; i < y.Length; i++)
        {
            double rowSum = 0;
            for (var c = 0; c < p.Labels; c++)
            {
                rowSum += Math.Clamp(p.Get(i, c), Float64Epsilon, 1 - Float64Epsilon);
            }

            NumericKernels.Add(-Math.Log(Math.Clamp(p.Get(i, y[i]), Float64Epsilon, 1 - Float64Epsilon) / rowSum), ref sum, ref compensation);
        }

        return (sum + compensation) / y.Length;
    }

    private static double MulticlassBrier(ReadOnlySpan<int> y, Probabilities p)
    {
        double sum = 0, compensation = 0;
        for (var i = 0; i < y.Length; i++)
        {
            double row = 0;
            for (var c = 0; c < p.Labels; c++)
            {
                var d = (y[i] == c ? 1.0 : 0.0) - p.Get(i, c);
                row += d * d;
            }

            NumericKernels.Add(row, ref sum, ref compensation);
        }

        return (sum + compensation) / y.Length;
    }

    private static double TopLabelEce(ReadOnlySpan<int> y, Probabilities p, int bins)
    {
        var edges = NumericKernels.Linspace(0.0, 1.0, bins + 1);
        var confidence = new double[bins];
        var correct = new double[bins];
        var totals = new long[bins];
        for (var i = 0; i < y.Length; i++)
        {
            var top = ArgMax(p.Row(i));
            var conf = p.Get(i, top);
            var bin = ScoreCurves.Bin(edges, conf);
            confidence[bin] += conf;
            correct[bin] += top == y[i] ? 1 : 0;
            totals[bin]++;
        }

        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (totals[b] > 0)
            {
                ece += (double)totals[b] / y.Length * Math.Abs((correct[b] / totals[b]) - (confidence[b] / totals[b]));
            }
        }

        return ece;
    }

    private static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static int PositiveIndex(IReadOnlyList<string> labels, string positiveLabel, List<int>? among = null)
    {
        for (var c = 0; c < labels.Count; c++)
        {
            if ((among is null || among.Contains(c)) && string.Equals(labels[c], positiveLabel, StringComparison.Ordinal))
            {
                return c;
            }
        }

        var names = new List<string>();
        foreach (var c in among ?? [.. Enumerable.Range(0, labels.Count)])
        {
            names.Add(labels[c]);
        }

        throw new ArgusException(ErrorCode.InvalidParameterValue,
            $"The positive label '{positiveLabel}' is not one of the binary task's labels ({string.Join(", ", names)}); set the positive label.");
    }

    private static void CheckCode(int code, int labelCount, int row)
    {
        if (code < -1 || code >= labelCount)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"Code {code} at row {row} is neither -1 (missing) nor an index into {labelCount} labels.");
        }
    }

    private static void CheckLength(int expected, int actual, string what)
    {
        if (expected != actual)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"The target has {expected} rows and {what} {actual}.");
        }
    }

    /// <summary>Kept rows' probabilities, row-major.</summary>
    private readonly struct Probabilities(double[] values, int rows, int labels)
    {
        public int Rows => rows;

        public int Labels => labels;

        public double Get(int row, int label) => values[(row * labels) + label];

        public ReadOnlySpan<double> Row(int row) => values.AsSpan(row * labels, labels);
    }
}
