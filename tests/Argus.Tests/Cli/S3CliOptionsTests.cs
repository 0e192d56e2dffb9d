using System.CommandLine;
using Argus.Cli.Commands;

namespace Argus.Tests.Cli;

public sealed class S3CliOptionsTests
{
    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "--s3-path-style" }, true)]
    [InlineData(new[] { "--s3-path-style", "true" }, true)]
    [InlineData(new[] { "--s3-path-style", "false" }, false)]
    public void PathStyle_Forms(string[] args, bool? expected)
    {
        var options = new S3CliOptions();
        var command = new RootCommand();
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        var result = command.Parse(args);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.GetValue(options.PathStyle));
    }

    [Fact]
    public void EndpointAndRegion_Parsed()
    {
        var options = new S3CliOptions();
        var command = new RootCommand { options.EndpointUrl, options.Region };

        var result = command.Parse(["--s3-endpoint-url", "http://127.0.0.1:9000", "--s3-region", "eu-west-1"]);

        Assert.Equal(("http://127.0.0.1:9000", "eu-west-1"), (result.GetValue(options.EndpointUrl), result.GetValue(options.Region)));
    }
}
