using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;
using Argus.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Argus.Tests.Server.Hosting;

public sealed class MetricHistoryJsonTests
{
    private static async Task<byte[]> WriteAsync(Page<Metric> page)
    {
        using var body = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        await MetricHistoryJson.WriteAsync(context, page);
        await context.Response.BodyWriter.CompleteAsync();
        Assert.Equal("application/json", context.Response.ContentType);
        return body.ToArray();
    }

    private static byte[] Reference(Page<Metric> page) =>
        TrackingJson.SerializeToUtf8Bytes(new MetricHistoryResponse(page.Items, page.NextPageToken));

    [Fact]
    public async Task WriteAsync_EdgeCaseValues_SameBytesAsTrackingJson()
    {
        double[] values =
        [
            0, -0.0, 1, -1, 0.1, 1.0 / 3, 1e20, 1e21, 1e-7, 123456789012345680, double.Epsilon, double.MaxValue, double.MinValue,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 5e-324, 2.5e-5, 100, 1e15, 1e16, 0.30000000000000004,
        ];
        var points = values.Select((v, i) => new Metric("rmse", v, long.MaxValue - i, i - 3)).ToList();
        var page = new Page<Metric>(points, null);
        Assert.Equal(Reference(page), await WriteAsync(page));
    }

    [Fact]
    public async Task WriteAsync_TenThousandRandomDoublesAndSeveralKeys_SameBytesAsTrackingJson()
    {
        var random = new Random(20261122);
        string[] keys = ["loss", "val/loss", "métrica ü:1", "a.b-c_d"];
        var points = Enumerable.Range(0, 10_000)
            .Select(i => new Metric(keys[i / 2500], BitConverter.Int64BitsToDouble(random.NextInt64()), random.NextInt64(), random.NextInt64(long.MinValue, long.MaxValue)))
            .ToList();
        var page = new Page<Metric>(points, TrackingJson.EncodePageToken(10_000));
        Assert.Equal(Reference(page), await WriteAsync(page));
    }

    [Fact]
    public async Task WriteAsync_EmptyPage_IsEmptyObject()
    {
        var page = new Page<Metric>([], null);
        Assert.Equal("{}"u8.ToArray(), await WriteAsync(page));
        Assert.Equal(Reference(page), await WriteAsync(page));
    }

    [Fact]
    public async Task WriteAsync_TokenWithoutPoints_SameBytesAsTrackingJson()
    {
        var page = new Page<Metric>([], "eyJvZmZzZXQiOjEwfQ==");
        Assert.Equal(Reference(page), await WriteAsync(page));
    }
}
