using System.Runtime.InteropServices;
using Argus.XGBoost.Inference;

namespace Argus.Tests.XGBoost.Inference;

public sealed class ObjectiveMathTests
{
    /// <summary>
    /// The transforms are exact only because MathF.Exp/Log are the C runtime's expf/logf, the functions
    /// libxgboost calls. Measured over a million inputs covering the ranges the objectives use.
    /// </summary>
    [Fact]
    public void MathFExpAndLog_MillionInputs_BitIdenticalToLibmExpfAndLogf()
    {
        var random = new Random(42);
        var (expDifferences, logDifferences, maxUlp) = (0, 0, 0);
        for (var i = 0; i < 1_000_000; i++)
        {
            // Margins for exp (sigmoid clamps at 88.7; softmax feeds values ≤ 0), and all positive floats for log.
            var x = (float)((random.NextDouble() * 200) - 100);
            var positive = BitConverter.Int32BitsToSingle(random.Next(1, 0x7F800000));
            var exp = Ulps(MathF.Exp(x), Expf(x));
            var log = Ulps(MathF.Log(positive), Logf(positive));
            expDifferences += exp == 0 ? 0 : 1;
            logDifferences += log == 0 ? 0 : 1;
            maxUlp = Math.Max(maxUlp, Math.Max(exp, log));
        }

        Assert.True(maxUlp == 0, $"MathF differs from libm: exp {expDifferences}, log {logDifferences} inputs, up to {maxUlp} ulp.");
    }

    [Fact]
    public void Sigmoid_MarginBelowClamp_IsTheClampedValueNotZero()
    {
        // libxgboost 1.7.4 gives 3.006636e-39 for a margin of -98 (checked through Python's base_margin).
        var clamped = ObjectiveMath.Sigmoid(-88.7f);

        Assert.Equal(BitConverter.SingleToInt32Bits(clamped), BitConverter.SingleToInt32Bits(ObjectiveMath.Sigmoid(-1000f)));
        Assert.Equal(3.006636e-39f, clamped, 1e-44f);
        Assert.Equal(1f, ObjectiveMath.Sigmoid(100f));
        Assert.Equal(0.5f, ObjectiveMath.Sigmoid(0f));
    }

    [Fact]
    public void BaseMargin_Objectives_UseTheirProbToMargin()
    {
        Assert.Equal(-MathF.Log((1f / 0.3f) - 1f), ObjectiveMath.BaseMargin("binary:logistic", 0.3f));
        Assert.Equal(0.3f, ObjectiveMath.BaseMargin("binary:logitraw", 0.3f));
        Assert.Equal(MathF.Log(0.7f), ObjectiveMath.BaseMargin("reg:gamma", 0.7f));
        Assert.Equal(0.7f, ObjectiveMath.BaseMargin("multi:softprob", 0.7f));
        Assert.Throws<Argus.Core.Errors.ArgusException>(() => ObjectiveMath.BaseMargin("reg:logistic", 1f));
    }

    private static int Ulps(float a, float b) => Math.Abs(BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));

    [DllImport("libm.so.6", EntryPoint = "expf")]
    private static extern float Expf(float x);

    [DllImport("libm.so.6", EntryPoint = "logf")]
    private static extern float Logf(float x);
}
