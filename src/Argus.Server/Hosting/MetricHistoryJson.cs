using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using Argus.Core.Tracking;

namespace Argus.Server.Hosting;

/// <summary>
/// Writes a metric-history reply (<c>{"metrics":[…],"next_page_token":…}</c>) straight into the
/// response pipe, the same bytes <c>TrackingJson</c> would write, at a fraction of the cost: the key
/// is encoded once for the whole reply and numbers go through <see cref="Utf8Formatter"/>. A 100,000-point
/// history is the largest reply the tracking API sends, and charts ask for it often.
/// </summary>
internal static class MetricHistoryJson
{
    private const int PointsPerFlush = 4096;

    public static async Task WriteAsync(HttpContext context, Page<Metric> page)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var writer = context.Response.BodyWriter;
        var points = page.Items;
        byte[]? prefix = null;
        Write(writer, "{"u8);
        if (points.Count > 0)
        {
            Write(writer, "\"metrics\":["u8);
            for (var start = 0; start < points.Count; start += PointsPerFlush)
            {
                prefix = WriteChunk(writer, points, start, Math.Min(points.Count, start + PointsPerFlush), prefix);
                await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }

            Write(writer, "]"u8);
        }

        if (!string.IsNullOrEmpty(page.NextPageToken))
        {
            Write(writer, points.Count > 0 ? ",\"next_page_token\":\""u8 : "\"next_page_token\":\""u8);
            Write(writer, JsonEncodedText.Encode(page.NextPageToken, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes);
            Write(writer, "\""u8);
        }

        Write(writer, "}"u8);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes points [start, end); returns the encoded <c>{"key":"…","value":</c> prefix for reuse.</summary>
    internal static byte[] WriteChunk(IBufferWriter<byte> writer, IReadOnlyList<Metric> points, int start, int end, byte[]? prefix)
    {
        string? prefixKey = prefix is null ? null : points[start].Key;
        for (var i = start; i < end; i++)
        {
            var point = points[i];
            if (prefix is null || !ReferenceEquals(prefixKey, point.Key) && prefixKey != point.Key)
            {
                prefix = Prefix(point.Key);
                prefixKey = point.Key;
            }

            // Room for the prefix, three numbers (at most 32 bytes each) and the punctuation.
            var span = writer.GetSpan(prefix.Length + 128);
            var n = 0;
            if (i > 0)
            {
                span[n++] = (byte)',';
            }

            prefix.CopyTo(span[n..]);
            n += prefix.Length;
            n += FormatDouble(point.Value, span[n..]);
            n += Copy(",\"timestamp\":"u8, span[n..]);
            Utf8Formatter.TryFormat(point.Timestamp, span[n..], out var written);
            n += written;
            n += Copy(",\"step\":"u8, span[n..]);
            Utf8Formatter.TryFormat(point.Step, span[n..], out written);
            n += written;
            span[n++] = (byte)'}';
            writer.Advance(n);
        }

        return prefix!;
    }

    private static byte[] Prefix(string key)
    {
        var encoded = JsonEncodedText.Encode(key, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        ReadOnlySpan<byte> open = "{\"key\":\""u8;
        ReadOnlySpan<byte> close = "\",\"value\":"u8;
        var prefix = new byte[open.Length + encoded.Length + close.Length];
        open.CopyTo(prefix);
        encoded.CopyTo(prefix.AsSpan(open.Length));
        close.CopyTo(prefix.AsSpan(open.Length + encoded.Length));
        return prefix;
    }

    // NaN and the infinities as MLflow (and TrackingJson) write them: quoted names.
    private static int FormatDouble(double value, Span<byte> destination)
    {
        ReadOnlySpan<byte> named = double.IsNaN(value) ? "\"NaN\""u8
            : double.IsPositiveInfinity(value) ? "\"Infinity\""u8
            : double.IsNegativeInfinity(value) ? "\"-Infinity\""u8
            : default;
        if (!named.IsEmpty)
        {
            named.CopyTo(destination);
            return named.Length;
        }

        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    private static int Copy(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    private static void Write(PipeWriter writer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }
}
