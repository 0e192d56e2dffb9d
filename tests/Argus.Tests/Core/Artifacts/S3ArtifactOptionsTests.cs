using Argus.Core.Artifacts;
using Argus.Core.Errors;

namespace Argus.Tests.Core.Artifacts;

public sealed class S3ArtifactOptionsTests
{
    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        var options = new S3ArtifactOptions { EndpointUrl = "ftp://host", MultipartThreshold = 0, PartSize = 0, MaxKeys = 5000, MaxRetries = -1 };
        var e = Assert.Throws<ArgusException>(options.Validate);
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("endpoint URL must be an absolute http:// or https:// URL", e.Message, StringComparison.Ordinal);
        Assert.Contains("multipart threshold must be at least 1 byte (was 0)", e.Message, StringComparison.Ordinal);
        Assert.Contains("part size must be at least 1 byte (was 0)", e.Message, StringComparison.Ordinal);
        Assert.Contains("max keys per listing must be between 1 and 1000 (was 5000)", e.Message, StringComparison.Ordinal);
        Assert.Contains("max retries must not be negative (was -1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AwsInUsEast1VirtualHostedWith64And16MiB()
    {
        var options = new S3ArtifactOptions();
        options.Validate();
        Assert.Equal(("us-east-1", false, 64L * 1024 * 1024, 16 * 1024 * 1024), (options.EffectiveRegion, options.EffectivePathStyle, options.MultipartThreshold, options.PartSize));
        Assert.Equal("AWS S3 (us-east-1)", options.DisplayEndpoint);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void EffectivePathStyle_WithEndpoint_OnUnlessTurnedOff(bool? pathStyle, bool expected) =>
        Assert.Equal(expected, new S3ArtifactOptions { EndpointUrl = "http://127.0.0.1:9000", PathStyle = pathStyle }.EffectivePathStyle);

    [Fact]
    public void Override_GivenValuesReplaceAbsentOnesKeep()
    {
        var environment = new S3ArtifactOptions { EndpointUrl = "http://env:9000", Region = "eu-west-1" };
        Assert.Equal(environment, environment.Override(null, " ", null));
        var overridden = environment.Override("http://flag:9000", "ap-south-1", false);
        Assert.Equal(("http://flag:9000", "ap-south-1", (bool?)false), (overridden.EndpointUrl, overridden.Region, overridden.PathStyle));
    }

    [Fact]
    public void DisplayEndpoint_DropsUserInfoAndQuery() =>
        Assert.Equal("http://minio:9000", new S3ArtifactOptions { EndpointUrl = "http://user:secret@minio:9000/?token=abc" }.DisplayEndpoint);
}
