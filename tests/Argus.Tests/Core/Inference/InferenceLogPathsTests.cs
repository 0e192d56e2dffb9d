using Argus.Core.Inference;

namespace Argus.Tests.Core.Inference;

public sealed class InferenceLogPathsTests
{
    [Theory]
    [InlineData("tips", "tips")]
    [InlineData("Tips-v2_final.1", "Tips-v2_final.1")]
    [InlineData("../x", "%2E.%2Fx")]
    [InlineData("..", "%2E.")]
    [InlineData(".", "%2E")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a\\b", "a%5Cb")]
    [InlineData("100%", "100%25")]
    [InlineData("naïve model", "na%C3%AFve%20model")]
    [InlineData("C:x", "C%3Ax")]
    public void ModelDirectoryName_EscapesEverythingUnsafe(string model, string expected) =>
        Assert.Equal(expected, InferenceLogPaths.ModelDirectoryName(model));

    [Fact]
    public void ModelDirectoryName_LongNames_CutWithHashAndStillDistinct()
    {
        var a = InferenceLogPaths.ModelDirectoryName(new string('é', 150) + "a");
        var b = InferenceLogPaths.ModelDirectoryName(new string('é', 150) + "b");

        Assert.NotEqual(a, b);
        Assert.True(a.Length <= 200, a);
        Assert.Matches("^(%C3%A9)+~[0-9a-f]{16}$", a);
    }

    [Theory]
    [InlineData("replica-1", true)]
    [InlineData("host.example_2", true)]
    [InlineData("", false)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("é", false)]
    public void InstanceProblem_OnlySafeIds(string instance, bool ok) =>
        Assert.Equal(ok, InferenceLogPaths.InstanceProblem(instance) is null);

    [Fact]
    public void DefaultInstance_IsAValidIdAndStable()
    {
        Assert.Null(InferenceLogPaths.InstanceProblem(InferenceLogPaths.DefaultInstance));
        Assert.Same(InferenceLogPaths.DefaultInstance, InferenceLogPaths.DefaultInstance);
    }
}
