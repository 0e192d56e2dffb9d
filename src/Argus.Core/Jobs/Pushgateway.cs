using System.Net.Http.Headers;
using System.Text;
using Argus.Core.Errors;

namespace Argus.Core.Jobs;

/// <summary>
/// A Prometheus Pushgateway client: one group per grouping key <c>/metrics/job/&lt;job&gt;/instance/&lt;instance&gt;</c>,
/// replaced whole by <see cref="ReplaceAsync"/> (PUT) or metric by metric by <see cref="UpdateAsync"/> (POST). Bodies
/// are text format 0.0.4 without timestamps. Label values go into the path base64url-encoded (<c>job@base64/…</c>), so
/// any value — with slashes, or empty — is safe.
/// </summary>
public sealed class Pushgateway
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;

    /// <summary>A client for the Pushgateway at <paramref name="baseAddress"/> (e.g. <c>http://pushgateway:9091</c>).</summary>
    public Pushgateway(HttpClient http, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || baseAddress.Scheme is not ("http" or "https"))
        {
            throw ArgusException.InvalidParameter($"Pushgateway URL '{baseAddress}' must be an absolute http or https URL.");
        }

        _http = http;
        _baseAddress = baseAddress;
    }

    /// <summary>The URL of a group.</summary>
    public Uri GroupUri(string job, string instance)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        ArgumentNullException.ThrowIfNull(instance);
        var root = _baseAddress.AbsoluteUri.TrimEnd('/');
        return new Uri($"{root}/metrics/job@base64/{Base64Url(job)}/instance@base64/{Base64Url(instance)}");
    }

    /// <summary>Replaces every metric of the group with <paramref name="body"/> (PUT).</summary>
    public Task ReplaceAsync(string job, string instance, string body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, job, instance, body, cancellationToken);

    /// <summary>Replaces the group's metrics whose names appear in <paramref name="body"/>, keeping the others (POST).</summary>
    public Task UpdateAsync(string job, string instance, string body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, job, instance, body, cancellationToken);

    /// <summary>Deletes the group.</summary>
    public async Task DeleteAsync(string job, string instance, CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync(GroupUri(job, instance), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "delete", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 4648 §5 base64url without padding; the empty string as <c>=</c>, as the Pushgateway wants it.</summary>
    public static string Base64Url(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 ? "=" : Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private async Task SendAsync(HttpMethod method, string job, string instance, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var content = new ByteArrayContent(new UTF8Encoding(false).GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        using var request = new HttpRequestMessage(method, GroupUri(job, instance)) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ArgusException(ErrorCode.TemporarilyUnavailable, $"Pushgateway {_baseAddress} is unreachable: {e.Message}", e);
        }

        using (response)
        {
            await EnsureSuccessAsync(response, method == HttpMethod.Put ? "push (PUT)" : "push (POST)", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        throw new ArgusException(ErrorCode.TemporarilyUnavailable,
            $"Pushgateway {_baseAddress} refused the {what}: HTTP {(int)response.StatusCode}{(detail.Length > 0 ? $" — {detail}" : string.Empty)}");
    }
}
