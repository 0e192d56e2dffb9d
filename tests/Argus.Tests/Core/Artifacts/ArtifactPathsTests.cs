using Argus.Core.Artifacts;
using Argus.Core.Errors;

namespace Argus.Tests.Core.Artifacts;

public sealed class ArtifactPathsTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("model", "model")]
    [InlineData("model/", "model")]
    [InlineData("a/b/c.json", "a/b/c.json")]
    [InlineData("a..b/c", "a..b/c")]
    public void Normalize_SafePaths_Canonical(string? path, string expected) => Assert.Equal(expected, ArtifactPaths.Normalize(path));

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/x")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a\\..\\b")]
    [InlineData("a\0b")]
    public void Normalize_EscapingPaths_InvalidParameter(string path)
    {
        var e = Assert.Throws<ArgusException>(() => ArtifactPaths.Normalize(path));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("Invalid artifact path", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts://host:5000/1/abc", "1/abc")]
    [InlineData("mlflow-artifacts:", "")]
    public void ProxyPath_Forms(string uri, string expected) => Assert.Equal(expected, ArtifactRepositories.ProxyPath(uri));
}
