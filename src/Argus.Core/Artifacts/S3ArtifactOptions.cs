using System.Globalization;
using Amazon.Runtime;
using Argus.Core.Errors;

namespace Argus.Core.Artifacts;

/// <summary>
/// How <see cref="S3ArtifactRepository"/> reaches S3 or an S3-compatible store (MinIO, Ceph, moto). Credentials come
/// from the AWS SDK's usual chain (<c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_PROFILE</c> and the
/// shared credentials file, container and instance roles) unless <see cref="Credentials"/> is set.
/// </summary>
public sealed record S3ArtifactOptions
{
    /// <summary>MLflow's variable for a custom S3 endpoint, honoured so MLflow deployments work unchanged.</summary>
    public const string EndpointVariable = "MLFLOW_S3_ENDPOINT_URL";

    /// <summary>The default multipart threshold: 64 MiB.</summary>
    public const long DefaultMultipartThreshold = 64L * 1024 * 1024;

    /// <summary>The default part size: 16 MiB.</summary>
    public const int DefaultPartSize = 16 * 1024 * 1024;

    /// <summary>A custom endpoint such as <c>http://127.0.0.1:9000</c>; null means AWS S3 in <see cref="Region"/>.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>The region requests are signed for; null means <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, else us-east-1.</summary>
    public string? Region { get; init; }

    /// <summary>
    /// Whether buckets are addressed by path (<c>http://endpoint/bucket/key</c>) rather than by host name
    /// (<c>http://bucket.endpoint/key</c>); null means path style exactly when <see cref="EndpointUrl"/> is set, as
    /// MinIO, Ceph and moto need by default.
    /// </summary>
    public bool? PathStyle { get; init; }

    /// <summary>Credentials to sign with; null means the AWS SDK's default chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Files larger than this are sent as a multipart upload, smaller ones with a single PUT.</summary>
    /// <value>64 MiB.</value>
    public long MultipartThreshold { get; init; } = DefaultMultipartThreshold;

    /// <summary>The size of each part of a multipart upload (S3 itself wants at least 5 MiB for all parts but the last).</summary>
    /// <value>16 MiB.</value>
    public int PartSize { get; init; } = DefaultPartSize;

    /// <summary>The most keys asked for in one listing request (S3 returns at most 1,000); further pages follow by continuation token.</summary>
    /// <value>1000.</value>
    public int MaxKeys { get; init; } = 1000;

    /// <summary>How often the SDK retries a failed request; null means the SDK's default.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The options from the environment: <c>MLFLOW_S3_ENDPOINT_URL</c>, <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>.</summary>
    public static S3ArtifactOptions FromEnvironment() => new()
    {
        EndpointUrl = NonEmpty(Environment.GetEnvironmentVariable(EndpointVariable)),
        Region = NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION")) ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")),
    };

    /// <summary>These options with every value given here replacing the current one (CLI flags over the environment).</summary>
    public S3ArtifactOptions Override(string? endpointUrl, string? region, bool? pathStyle) => this with
    {
        EndpointUrl = NonEmpty(endpointUrl) ?? EndpointUrl,
        Region = NonEmpty(region) ?? Region,
        PathStyle = pathStyle ?? PathStyle,
    };

    /// <summary>The region signed for: <see cref="Region"/>, else us-east-1 (so the SDK never asks an instance metadata service).</summary>
    public string EffectiveRegion => Region ?? "us-east-1";

    /// <summary>Whether requests use path-style addressing.</summary>
    public bool EffectivePathStyle => PathStyle ?? EndpointUrl is not null;

    /// <summary>The endpoint as shown in messages and logs: no user info, no query.</summary>
    public string DisplayEndpoint => EndpointUrl is null
        ? $"AWS S3 ({EffectiveRegion})"
        : Uri.TryCreate(EndpointUrl, UriKind.Absolute, out var uri)
            ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/')
            : "(invalid endpoint)";

    /// <summary>Throws INVALID_PARAMETER_VALUE listing every problem at once.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (EndpointUrl is not null && !(Uri.TryCreate(EndpointUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            problems.Add("the S3 endpoint URL must be an absolute http:// or https:// URL");
        }

        if (MultipartThreshold < 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the multipart threshold must be at least 1 byte (was {MultipartThreshold})"));
        }

        if (PartSize < 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the part size must be at least 1 byte (was {PartSize})"));
        }

        if (MaxKeys is < 1 or > 1000)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"max keys per listing must be between 1 and 1000 (was {MaxKeys})"));
        }

        if (MaxRetries < 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"max retries must not be negative (was {MaxRetries})"));
        }

        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter("Invalid S3 artifact options: " + string.Join("; ", problems) + ".");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
