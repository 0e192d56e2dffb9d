using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;
using Npgsql;

namespace Argus.Tests.Core.Tracking;

public sealed class TrackingStoresTests
{
    [Theory]
    [InlineData("sqlite:///argus.db", "argus.db")]
    [InlineData("sqlite:////var/lib/argus/argus.db", "/var/lib/argus/argus.db")]
    [InlineData("sqlite:////tmp/a%20b.db", "/tmp/a b.db")]
    public void SqlitePath_SqlAlchemyForms(string uri, string path) => Assert.Equal(path, TrackingStores.SqlitePathOf(uri));

    [Theory]
    [InlineData("sqlite://")]
    [InlineData("sqlite:///")]
    [InlineData("sqlite:/x.db")]
    public void SqlitePath_Malformed_InvalidParameter(string uri) =>
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => TrackingStores.SqlitePathOf(uri)).Code);

    [Fact]
    public void PostgresConnectionString_UriParts_AllMapped()
    {
        var builder = new NpgsqlConnectionStringBuilder(TrackingStores.PostgresConnectionString("postgresql://argus:s%40cret@db.local:5433/tracking?sslmode=disable&timeout=5"));
        Assert.Equal("db.local", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("tracking", builder.Database);
        Assert.Equal("argus", builder.Username);
        Assert.Equal("s@cret", builder.Password);
        Assert.Equal(SslMode.Disable, builder.SslMode);
        Assert.Equal(5, builder.Timeout);
    }

    [Fact]
    public void PostgresConnectionString_DefaultPortAndPsycopgScheme()
    {
        var builder = new NpgsqlConnectionStringBuilder(TrackingStores.PostgresConnectionString("postgresql+psycopg2://u@h/d"));
        Assert.Equal(5432, builder.Port);
        Assert.Equal("d", builder.Database);
    }

    [Fact]
    public void PostgresConnectionString_UnknownOption_InvalidParameter() =>
        Assert.Contains("nonsense", Assert.Throws<ArgusException>(() => TrackingStores.PostgresConnectionString("postgresql://u@h/d?nonsense=1")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("postgresql://argus:secret@db/x", "postgresql://argus:***@db/x")]
    [InlineData("postgresql://argus@db/x", "postgresql://argus@db/x")]
    [InlineData("http://host:5000", "http://host:5000")]
    public void Redact_HidesPasswordOnly(string uri, string expected) => Assert.Equal(expected, TrackingStores.Redact(uri));

    [Theory]
    [InlineData("mysql://u@h/d")]
    [InlineData("/just/a/path.db")]
    [InlineData("")]
    public async Task OpenAsync_UnsupportedUri_ClearError(string uri)
    {
        var e = await Assert.ThrowsAsync<ArgusException>(() => TrackingStores.OpenAsync(uri));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("sqlite:///", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PageToken_RoundTrip_AndGarbageRejected()
    {
        Assert.Equal(1234, TrackingJson.DecodePageToken(TrackingJson.EncodePageToken(1234)));
        Assert.Equal(0, TrackingJson.DecodePageToken(null));
        Assert.Throws<ArgusException>(() => TrackingJson.DecodePageToken("%%%"));
        Assert.Throws<ArgusException>(() => TrackingJson.DecodePageToken(Convert.ToBase64String("{\"offset\":-1}"u8)));
    }
}
