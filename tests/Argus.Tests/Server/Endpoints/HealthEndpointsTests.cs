using System.Net;

namespace Argus.Tests.Server.Endpoints;

/// <summary><c>/health</c> and <c>/version</c>, which load balancers and clients probe.</summary>
public sealed class HealthEndpointsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Health_Get_ReturnsOk()
    {
        var reply = await server.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("OK", reply.Text);
    }

    [Fact]
    public async Task Version_Get_ReturnsAVersionString()
    {
        var reply = await server.GetAsync("/version");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Matches(@"^\d+\.\d+\.\d+", reply.Text);
    }
}
