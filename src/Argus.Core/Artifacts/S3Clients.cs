using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.S3;

namespace Argus.Core.Artifacts;

/// <summary>
/// One S3 client per distinct configuration for the life of the process, as one <see cref="HttpClient"/> is shared:
/// a client owns a connection pool, and repositories are created per artifact URI.
/// </summary>
internal static class S3Clients
{
    private static readonly ConcurrentDictionary<Key, IAmazonS3> Clients = new();

    public static IAmazonS3 Get(S3ArtifactOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var key = new Key(options.EndpointUrl, options.EffectiveRegion, options.EffectivePathStyle, options.MaxRetries, options.Credentials);
        return Clients.GetOrAdd(key, static (k, o) => Create(o), options);
    }

    private static AmazonS3Client Create(S3ArtifactOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.EffectivePathStyle,

            // No optional checksums: S3-compatible stores that predate flexible checksums (older MinIO, Ceph) refuse them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = options.EffectiveRegion;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.EffectiveRegion);
        }

        if (options.MaxRetries is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        return options.Credentials is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }

    private readonly record struct Key(string? EndpointUrl, string Region, bool PathStyle, int? MaxRetries, AWSCredentials? Credentials);
}
