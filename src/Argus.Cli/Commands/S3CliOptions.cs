using System.CommandLine;
using Argus.Core.Artifacts;

namespace Argus.Cli.Commands;

/// <summary>
/// <c>--s3-endpoint-url</c>, <c>--s3-region</c> and <c>--s3-path-style</c>: how an <c>s3://</c> artifacts destination
/// (and runs whose artifact root is <c>s3://</c>) is reached. Each falls back to the environment, as MLflow's does.
/// </summary>
internal sealed class S3CliOptions
{
    public Option<string?> EndpointUrl { get; } = new("--s3-endpoint-url")
    {
        Description = $"The S3 endpoint for s3:// artifacts, for MinIO, Ceph or moto (e.g. http://127.0.0.1:9000). Default: ${S3ArtifactOptions.EndpointVariable}, else AWS S3. " +
                      "Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the instance's role.",
        HelpName = "url",
    };

    public Option<string?> Region { get; } = new("--s3-region")
    {
        Description = "The S3 region requests are signed for. Default: $AWS_REGION, else $AWS_DEFAULT_REGION, else us-east-1.",
        HelpName = "region",
    };

    public Option<bool?> PathStyle { get; } = new("--s3-path-style")
    {
        Description = "Address buckets by path (http://endpoint/bucket/key) instead of by host name (http://bucket.endpoint/key); " +
                      "`--s3-path-style false` turns it off. Default: on when an endpoint URL is set (MinIO, Ceph and moto need it), else off.",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "true|false",
        CustomParser = static result =>
        {
            if (result.Tokens.Count == 0)
            {
                return true;
            }

            if (bool.TryParse(result.Tokens[0].Value, out var value))
            {
                return value;
            }

            result.AddError($"Invalid --s3-path-style '{result.Tokens[0].Value}': expected true or false.");
            return null;
        },
    };

    /// <summary>The options to add to a command.</summary>
    public IEnumerable<Option> All => [EndpointUrl, Region, PathStyle];

    /// <summary>The environment's S3 options with the flags given on the command line laid over them.</summary>
    public S3ArtifactOptions Read(CliContext context) =>
        S3ArtifactOptions.FromEnvironment().Override(context.Get(EndpointUrl), context.Get(Region), context.Get(PathStyle));
}
