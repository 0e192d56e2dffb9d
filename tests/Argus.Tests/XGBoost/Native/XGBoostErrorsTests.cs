using Argus.Core.Errors;
using Argus.XGBoost;
using Argus.XGBoost.Native;

namespace Argus.Tests.XGBoost.Native;

public sealed class XGBoostErrorsTests
{
    // As libxgboost 2.x writes it for a buffer that is not a model.
    private const string Native = """
        [08:43:13] ./src/common/json.cc:407: Expecting: "L", got: "n ", around character position: 2
            {not json
            ~^~~~~~~~
        Stack trace:
          [bt] (0) /lib/x86_64-linux-gnu/libxgboost.so.0(dmlc::LogMessageFatal::~LogMessageFatal()+0x79) [0x7f30e0d09999]
          [bt] (1) /lib/x86_64-linux-gnu/libxgboost.so.0(xgboost::JsonReader::Error(std::string) const+0xd37) [0x7f30e0d43347]

        """;

    [Fact]
    public void Clean_NativeMessage_KeepsWhatIsWrongDropsTimeSourceLineAndStackTrace()
    {
        var clean = XGBoostErrors.Clean(Native);

        Assert.StartsWith("Expecting: \"L\", got: \"n \", around character position: 2", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("Stack trace", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("[bt]", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("json.cc", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("08:43:13", clean, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "unknown error")]
    [InlineData("", "unknown error")]
    [InlineData("map::at", "map::at")]
    [InlineData("[01:02:03] src/learner.cc:1008: Invalid model format\nStack trace:\n  [bt] (0) x", "Invalid model format")]
    public void Clean_OtherShapes(string? text, string expected) => Assert.Equal(expected, XGBoostErrors.Clean(text));

    [Fact]
    public void BoosterLoad_NotAModel_InvalidParameterWithoutNativeInsides()
    {
        var e = Assert.Throws<ArgusException>(() => Booster.Load("{not json"u8).Dispose());

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.StartsWith("XGBoost error: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Stack trace", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/lib", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".cc:", e.Message, StringComparison.Ordinal);
    }
}
