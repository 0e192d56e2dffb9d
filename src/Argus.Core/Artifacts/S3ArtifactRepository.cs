using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Argus.Core.Errors;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Artifacts;

/// <summary>
/// Artifacts in an S3 bucket (or an S3-compatible store) under <c>s3://bucket/prefix</c>. Listing walks every page
/// with "/" as delimiter; small files are written with one PUT and large ones as a multipart upload, which is aborted
/// when the upload fails or is cancelled, so a reader sees the old object or the new one and never part of one. Reads
/// stream from the response. Deleting a directory deletes every object under it.
/// </summary>
public sealed class S3ArtifactRepository : IArtifactRepository
{
    /// <summary>The URI scheme this repository serves.</summary>
    public const string Scheme = "s3://";

    private const int MaxParts = 10_000;
    private const int MaxDeleteBatch = 1000;

    private readonly IAmazonS3 _client;
    private readonly S3ArtifactOptions _options;
    private readonly string _bucket;
    private readonly string _prefix;

    /// <summary>A repository rooted at <paramref name="rootUri"/> (<c>s3://bucket</c> or <c>s3://bucket/prefix</c>).</summary>
    public S3ArtifactRepository(string rootUri, S3ArtifactOptions options)
        : this(Parse(rootUri), options, S3Clients.Get(options))
    {
    }

    private S3ArtifactRepository((string Bucket, string Prefix) root, S3ArtifactOptions options, IAmazonS3 client)
    {
        _bucket = root.Bucket;
        _prefix = root.Prefix;
        _options = options;
        _client = client;
        RootUri = Scheme + _bucket + (_prefix.Length == 0 ? string.Empty : "/" + _prefix);
    }

    public string RootUri { get; }

    /// <summary>The bucket this repository writes to.</summary>
    public string Bucket => _bucket;

    /// <summary>The key prefix of the root ("" for the bucket's root), without a trailing '/'.</summary>
    public string Prefix => _prefix;

    /// <summary>The client requests go through (shared by every repository with the same options).</summary>
    internal IAmazonS3 Client => _client;

    /// <summary>A repository for a directory below this one, sharing its client.</summary>
    public S3ArtifactRepository Under(string path)
    {
        var relative = ArtifactPaths.Normalize(path);
        return relative.Length == 0 ? this : new S3ArtifactRepository((_bucket, Key(relative)), _options, _client);
    }

    public async Task<IReadOnlyList<ArtifactFile>> ListAsync(string path, CancellationToken cancellationToken)
    {
        var relative = ArtifactPaths.Normalize(path);
        var prefix = DirectoryPrefix(relative);
        var entries = new List<ArtifactFile>();
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = _bucket,
                Prefix = prefix,
                Delimiter = "/",
                MaxKeys = _options.MaxKeys,
                ContinuationToken = token,
            };
            var page = await CallAsync(c => _client.ListObjectsV2Async(request, c), "list", relative, cancellationToken).ConfigureAwait(false);
            foreach (var common in page.CommonPrefixes ?? [])
            {
                var name = common[prefix.Length..].TrimEnd('/');
                if (name.Length > 0)
                {
                    entries.Add(new ArtifactFile(ArtifactPaths.Join(relative, name), true));
                }
            }

            foreach (var item in page.S3Objects ?? [])
            {
                // A key equal to the prefix is a folder marker some tools write ("dir/"): not an entry.
                var name = item.Key[prefix.Length..];
                if (name.Length > 0)
                {
                    entries.Add(new ArtifactFile(ArtifactPaths.Join(relative, name), false, item.Size ?? 0));
                }
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var relative = ArtifactPaths.Normalize(path);
        if (relative.Length == 0)
        {
            throw ArgusException.NotFound($"Artifact '{path}' does not exist.");
        }

        var request = new GetObjectRequest { BucketName = _bucket, Key = Key(relative) };
        var response = await CallAsync(c => _client.GetObjectAsync(request, c), "read", relative, cancellationToken).ConfigureAwait(false);
        return new S3ReadStream(response);
    }

    public async Task<long> WriteAsync(string path, Stream content, long? maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var relative = ArtifactPaths.Normalize(path);
        if (relative.Length == 0)
        {
            throw ArgusException.InvalidParameter("An artifact upload needs a file path.");
        }

        if (await HasObjectsUnderAsync(relative, cancellationToken).ConfigureAwait(false))
        {
            throw ArgusException.InvalidParameter($"Artifact path '{relative}' is a directory.");
        }

        var limited = new LimitedReader(content, maxBytes, relative);

        // Up to the threshold the file is held in memory and sent with one PUT; past it, as a multipart upload.
        using var head = new MemoryStream();
        var small = await limited.CopyAsync(head, _options.MultipartThreshold + 1, cancellationToken).ConfigureAwait(false);
        head.Position = 0;
        if (small)
        {
            var put = new PutObjectRequest { BucketName = _bucket, Key = Key(relative), InputStream = head, AutoCloseStream = false, UseChunkEncoding = false };
            await CallAsync(c => _client.PutObjectAsync(put, c), "write", relative, cancellationToken).ConfigureAwait(false);
            return head.Length;
        }

        await UploadMultipartAsync(relative, head, limited, cancellationToken).ConfigureAwait(false);
        return limited.Read;
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var relative = ArtifactPaths.Normalize(path);
        var batch = new List<KeyVersion>(MaxDeleteBatch);
        if (relative.Length > 0)
        {
            batch.Add(new KeyVersion { Key = Key(relative) });
        }

        var prefix = DirectoryPrefix(relative);
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, MaxKeys = _options.MaxKeys, ContinuationToken = token };
            var page = await CallAsync(c => _client.ListObjectsV2Async(request, c), "delete", relative, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                batch.Add(new KeyVersion { Key = item.Key });
                if (batch.Count == MaxDeleteBatch)
                {
                    await DeleteBatchAsync(batch, relative, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        if (batch.Count > 0)
        {
            await DeleteBatchAsync(batch, relative, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Splits <c>s3://bucket/prefix</c> into bucket and normalized prefix.</summary>
    internal static (string Bucket, string Prefix) Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw ArgusException.InvalidParameter($"'{uri}' is not an S3 URI: use s3://bucket/prefix.");
        }

        var rest = uri[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0 || bucket.Contains('@', StringComparison.Ordinal) || bucket.Contains(':', StringComparison.Ordinal) || bucket.Contains('?', StringComparison.Ordinal))
        {
            throw ArgusException.InvalidParameter($"'{uri}' names no bucket: use s3://bucket/prefix.");
        }

        return (bucket, ArtifactPaths.Normalize(prefix));
    }

    private string Key(string relative) => ArtifactPaths.Join(_prefix, relative);

    // The listing prefix of a directory: "" for the bucket's root, else "key/".
    private string DirectoryPrefix(string relative)
    {
        var key = Key(relative);
        return key.Length == 0 ? string.Empty : key + "/";
    }

    private async Task<bool> HasObjectsUnderAsync(string relative, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = DirectoryPrefix(relative), MaxKeys = 1 };
        var page = await CallAsync(c => _client.ListObjectsV2Async(request, c), "write", relative, cancellationToken).ConfigureAwait(false);
        return page.S3Objects is { Count: > 0 };
    }

    private async Task UploadMultipartAsync(string relative, MemoryStream head, LimitedReader rest, CancellationToken cancellationToken)
    {
        var key = Key(relative);
        var initiated = await CallAsync(
            c => _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key }, c), "write", relative, cancellationToken)
            .ConfigureAwait(false);
        var uploadId = initiated.UploadId;
        try
        {
            var parts = new List<PartETag>();
            var buffer = new byte[_options.PartSize];
            while (true)
            {
                var filled = await FillAsync(head, rest, buffer, cancellationToken).ConfigureAwait(false);
                if (filled == 0)
                {
                    break;
                }

                var number = parts.Count + 1;
                if (number > MaxParts)
                {
                    throw new ArgusException(ErrorCode.RequestTooLarge, string.Create(CultureInfo.InvariantCulture,
                        $"Artifact '{relative}' needs more than {MaxParts} parts of {_options.PartSize} bytes: raise the S3 part size."));
                }

                using var body = new MemoryStream(buffer, 0, filled, writable: false);
                var request = new UploadPartRequest
                {
                    BucketName = _bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = number,
                    PartSize = filled,
                    InputStream = body,
                };
                var part = await CallAsync(c => _client.UploadPartAsync(request, c), "write", relative, cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(number, part.ETag));
                if (filled < buffer.Length)
                {
                    break;
                }
            }

            var complete = new CompleteMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId, PartETags = parts };
            await CallAsync(c => _client.CompleteMultipartUploadAsync(complete, c), "write", relative, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortAsync(key, uploadId).ConfigureAwait(false);
            throw;
        }
    }

    // Fills the buffer from what was read ahead first, then from the rest of the content; 0 at the end.
    private static async Task<int> FillAsync(MemoryStream head, LimitedReader rest, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = head.Position < head.Length
                ? head.Read(buffer, filled, buffer.Length - filled)
                : await rest.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled upload is exactly the one to abort.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or OperationCanceledException or IOException)
        {
            // Best effort: the original failure is what the caller needs; a bucket lifecycle rule can reap leftovers.
        }
    }

    private async Task DeleteBatchAsync(List<KeyVersion> keys, string relative, CancellationToken cancellationToken)
    {
        var request = new DeleteObjectsRequest { BucketName = _bucket, Objects = [.. keys], Quiet = true };
        var response = await CallAsync(c => _client.DeleteObjectsAsync(request, c), "delete", relative, cancellationToken).ConfigureAwait(false);
        if (response.DeleteErrors is { Count: > 0 } errors)
        {
            var first = errors[0];
            throw new ArgusException(first.Code is "AccessDenied" ? ErrorCode.PermissionDenied : ErrorCode.InternalError, string.Create(CultureInfo.InvariantCulture,
                $"S3 could not delete {errors.Count} object(s) under {Display(relative)}, e.g. '{first.Key}': {first.Code}."));
        }
    }

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, string operation, string relative, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            throw Map(e, operation, relative);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsUnreachable(e))
        {
            throw new ArgusException(ErrorCode.TemporarilyUnavailable,
                $"Could not reach the S3 endpoint {_options.DisplayEndpoint} to {operation} {Display(relative)}: {Innermost(e).Message}", e);
        }
        catch (AmazonClientException e)
        {
            throw new ArgusException(ErrorCode.InternalError, $"S3 {operation} of {Display(relative)} failed: {e.Message}", e);
        }
    }

    private ArgusException Map(AmazonS3Exception e, string operation, string relative)
    {
        var what = $"{operation} {Display(relative)}";
        var status = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)e.StatusCode}");
        return e.ErrorCode switch
        {
            "NoSuchKey" => ArgusException.NotFound($"Artifact '{relative}' does not exist."),
            "NoSuchBucket" => new ArgusException(ErrorCode.InvalidState,
                $"Could not {what}: the S3 bucket '{_bucket}' does not exist at {_options.DisplayEndpoint}. Create it, or point the artifact location at an existing bucket.", e),
            "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AllAccessDisabled" or "ExpiredToken" or "InvalidToken" or "AccountProblem" =>
                new ArgusException(ErrorCode.PermissionDenied,
                    $"S3 denied the request to {what} ({e.ErrorCode}, {status}): check the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) and the bucket's policy.", e),
            "EntityTooSmall" => new ArgusException(ErrorCode.InvalidParameterValue,
                $"Could not {what}: the S3 store refused parts of {_options.PartSize} bytes as too small; raise the part size (S3 needs at least 5 MiB).", e),
            "SlowDown" or "ServiceUnavailable" or "InternalError" => new ArgusException(ErrorCode.TemporarilyUnavailable,
                $"S3 is unavailable to {what} ({e.ErrorCode}, {status}); try again.", e),
            _ when e.StatusCode == HttpStatusCode.Forbidden => new ArgusException(ErrorCode.PermissionDenied,
                $"S3 denied the request to {what} ({status}): check the credentials and the bucket's policy.", e),
            _ => new ArgusException(ErrorCode.InternalError, $"S3 could not {what}: {e.ErrorCode ?? "error"} ({status}).", e),
        };
    }

    private string Display(string relative) => relative.Length == 0 ? RootUri : RootUri + "/" + relative;

    private static bool IsUnreachable(Exception e)
    {
        for (var inner = (Exception?)e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException or SocketException or TimeoutException or TaskCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    /// <summary>The content being written, counted as it is read, failing past the size limit.</summary>
    private sealed class LimitedReader(Stream content, long? maxBytes, string relative)
    {
        public long Read { get; private set; }

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Read += read;
            if (maxBytes is { } max && Read > max)
            {
                throw new ArgusException(ErrorCode.RequestTooLarge, $"Artifact '{relative}' is larger than the limit of {max} bytes.");
            }

            return read;
        }

        /// <summary>Copies into <paramref name="target"/> until the end (true) or until more than <paramref name="limit"/> - 1 bytes were copied (false).</summary>
        public async Task<bool> CopyAsync(MemoryStream target, long limit, CancellationToken cancellationToken)
        {
            var buffer = new byte[81920];
            while (target.Length < limit)
            {
                var read = await ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - target.Length)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return true;
                }

                target.Write(buffer, 0, read);
            }

            return false;
        }
    }
}
