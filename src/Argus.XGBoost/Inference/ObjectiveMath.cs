using System.Runtime.CompilerServices;
using Argus.Core.Errors;

namespace Argus.XGBoost.Inference;

/// <summary>
/// The objectives' float arithmetic as libxgboost 1.7 does it on CPU: base_score to margin
/// (<c>ProbToMargin</c>) and margin to prediction (<c>PredTransform</c>), operation for operation.
/// <see cref="MathF.Exp"/> and <see cref="MathF.Log(float)"/> call the C runtime's <c>expf</c>/<c>logf</c>, the
/// functions libxgboost calls, so the results are bit-identical where both use the same libm (glibc on
/// Linux; checked by the tests over a million inputs).
/// </summary>
internal static class ObjectiveMath
{
    /// <summary>The objectives <see cref="TreeEnsemble"/> predicts for.</summary>
    internal static IReadOnlyList<string> Supported { get; } =
    [
        "reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror", "reg:logistic", "binary:logistic",
        "binary:logitraw", "count:poisson", "reg:tweedie", "reg:gamma", "multi:softprob", "multi:softmax",
    ];

    /// <summary>The transform of <paramref name="objective"/>; NotImplemented for the others.</summary>
    internal static OutputTransform TransformOf(string objective) => objective switch
    {
        "reg:squarederror" or "reg:absoluteerror" or "reg:pseudohubererror" or "binary:logitraw" => OutputTransform.Identity,
        "reg:logistic" or "binary:logistic" => OutputTransform.Sigmoid,
        "count:poisson" or "reg:tweedie" or "reg:gamma" => OutputTransform.Exp,
        "multi:softprob" => OutputTransform.Softmax,
        "multi:softmax" => OutputTransform.ArgMax,
        _ => throw new ArgusException(
            ErrorCode.NotImplemented,
            $"The managed predictor does not support objective '{objective}'; it supports {string.Join(", ", Supported)}."),
    };

    /// <summary>
    /// The margin every row starts from: <paramref name="baseScore"/> (learner_model_param.base_score, kept
    /// in the objective's output space since XGBoost 1.0) through the objective's ProbToMargin.
    /// </summary>
    internal static float BaseMargin(string objective, float baseScore)
    {
        switch (objective)
        {
            // LogisticRegression::ProbToMargin. binary:logitraw (LogisticRaw) overrides it with the identity:
            // its base_score is a margin already, which libxgboost 1.7.4's predictions confirm.
            case "reg:logistic" or "binary:logistic":
                if (!(baseScore > 0f && baseScore < 1f))
                {
                    throw ArgusException.InvalidParameter(
                        $"The model's base_score {baseScore} must be in (0, 1) for objective '{objective}'.");
                }

                return -MathF.Log((1.0f / baseScore) - 1.0f);
            case "count:poisson" or "reg:tweedie" or "reg:gamma":
                return MathF.Log(baseScore);
            default:
                return baseScore;
        }
    }

    /// <summary>
    /// common::Sigmoid of XGBoost 1.7: <c>1 / (expf(min(-x, 88.7)) + 1 + 1e-16)</c> in float. The clamp keeps
    /// expf finite, so margins below −88.7 give 3.0066e-39, not 0; the 1e-16 never changes a float ≥ 1 but
    /// is kept so the operations are libxgboost's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Sigmoid(float x)
    {
        const float eps = 1e-16f;
        var negated = -x;
        // std::min(-x, 88.7f) returns -x unless 88.7f < -x (so NaN stays NaN).
        var clamped = 88.7f < negated ? 88.7f : negated;
        var denominator = MathF.Exp(clamped) + 1.0f + eps;
        return 1.0f / denominator;
    }

    /// <summary>
    /// common::Softmax: max by fmaxf, exponentials in float, their sum in double, each divided by the sum
    /// rounded to float.
    /// </summary>
    internal static void Softmax(Span<float> values)
    {
        var max = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            // fmaxf ignores a NaN operand, as MaxNumber does.
            max = float.MaxNumber(values[i], max);
        }

        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        var divisor = (float)sum;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= divisor;
        }
    }

    /// <summary>common::FindMaxIndex: the first index holding the largest value.</summary>
    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
