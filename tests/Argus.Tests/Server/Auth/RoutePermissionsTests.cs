using Argus.Core.Tracking;
using Argus.Server.Auth;
using Argus.Server.Hosting;
using Argus.Server.Serving;
using Argus.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Argus.Tests.Server.Auth;

/// <summary>The permission table and the routes the server maps are the same set: nothing unlisted, nothing stale.</summary>
public sealed class RoutePermissionsTests : IDisposable
{
    private readonly TempDirectory _directory = new("argus-routes");

    public void Dispose() => _directory.Dispose();

    /// <summary>Every route of a server with every optional part mapped (serving under /serving/).</summary>
    internal static async Task<List<(string Method, string Template)>> AllRoutesAsync(string sqliteUri)
    {
        var app = await ArgusServer.BuildAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = sqliteUri,
            Serving = new ServingOptions { ModelUri = "models:/any@champion" },
        });
        try
        {
            return [.. ArgusServer.Routes(((IEndpointRouteBuilder)app).DataSources).Distinct()];
        }
        finally
        {
            await app.Services.GetRequiredService<ITrackingStore>().DisposeAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Table_CoversEveryMappedRouteAndNothingElse()
    {
        var routes = await AllRoutesAsync(_directory.SqliteUri());

        var unlisted = routes.Where(r => !RoutePermissions.Table.ContainsKey(r)).ToList();
        var stale = RoutePermissions.Table.Keys.Where(k => !routes.Contains(k)).ToList();

        Assert.True(unlisted.Count == 0, "Routes missing from the permission table: " + string.Join(", ", unlisted));
        Assert.True(stale.Count == 0, "Table entries for routes that do not exist: " + string.Join(", ", stale));
        Assert.True(routes.Count > 150, $"Only {routes.Count} routes found: is the enumeration broken?");
    }

    [Fact]
    public void Table_EveryChangeOfAResourceNeedsAtLeastEdit_AndEveryDeleteManage()
    {
        foreach (var ((method, template), rule) in RoutePermissions.Table)
        {
            if (rule.Access != RouteAccess.Resource)
            {
                continue;
            }

            var required = rule.Required!.Value;
            if (method == "DELETE" || template.EndsWith("/delete", StringComparison.Ordinal) || template.EndsWith("/restore", StringComparison.Ordinal)
                || template.Contains("/permissions/", StringComparison.Ordinal))
            {
                Assert.True(required == Argus.Core.Auth.Permission.Manage, $"{method} {template} needs {required}, not MANAGE");
            }
            else if (method is "POST" or "PATCH" or "PUT" && !template.EndsWith("/predict", StringComparison.Ordinal)
                && !template.EndsWith("/get-latest-versions", StringComparison.Ordinal) && template != "/serving/invocations" && template != "/serving/")
            {
                Assert.True(required >= Argus.Core.Auth.Permission.Edit, $"{method} {template} changes something but needs only {required}");
            }
        }
    }

    [Theory]
    [InlineData("models:/tips@champion", "tips")]
    [InlineData("models:/tips/3", "tips")]
    [InlineData("models:/team/tips/Production", "team/tips")]
    [InlineData("models:/tips/latest", "tips")]
    public void RegisteredModelOf_ModelUri_NamesTheModel(string uri, string expected) =>
        Assert.Equal(expected, RoutePermissions.RegisteredModelOf(uri));
}
