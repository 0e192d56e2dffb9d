using System.Net.Http.Headers;
using System.Text;
using Argus.Core.Auth;
using Argus.Core.Tracking;
using Argus.Server.Auth;
using Argus.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Argus.Tests.Server.Auth;

/// <summary>
/// A real server with <c>--auth</c> on a fresh SQLite database: <c>admin</c> bootstrapped with <see cref="AdminPassword"/>,
/// password hashes at the lowest accepted cost (tests create many users), and clients that send basic or bearer auth.
/// Users and grants are made straight in the server's store, as <c>argus users</c> over the database does.
/// </summary>
public sealed class AuthServer : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-1";

    private readonly List<HttpClient> _clients = [];

    private AuthServer(ServerFixture fixture) => Fixture = fixture;

    public ServerFixture Fixture { get; }

    public Uri BaseAddress => Fixture.BaseAddress;

    /// <summary>The server's store (the same database the server reads).</summary>
    public ITrackingStore Store => Fixture.Services.GetRequiredService<ITrackingStore>();

    /// <summary>User administration straight on the database, as <c>admin</c>.</summary>
    public UserAdministration Users => new(AuthStores.For(Store), "admin", TimeProvider.System, PasswordHasher.MinimumIterations);

    /// <summary>The admin's client (basic auth).</summary>
    public HttpClient Admin => Client("admin", AdminPassword);

    public static async Task<AuthServer> StartAsync(Func<AuthOptions, AuthOptions>? auth = null, Func<ArgusServerOptions, ArgusServerOptions>? configure = null)
    {
        var options = new AuthOptions
        {
            Enabled = true,
            AdminPassword = AdminPassword,
            PasswordIterations = PasswordHasher.MinimumIterations,
            BootstrapOutput = TextWriter.Null,
        };
        options = auth?.Invoke(options) ?? options;
        var fixture = await ServerFixture.StartAsync(o => (configure ?? (x => x))(o with { Auth = options }));
        return new AuthServer(fixture);
    }

    /// <summary>Creates a user (not an administrator unless asked) and returns a client signed in as them with basic auth.</summary>
    public async Task<HttpClient> UserAsync(string name, string password = "password-123", bool isAdmin = false)
    {
        await Users.CreateUserAsync(name, password, isAdmin, CancellationToken.None);
        return Client(name, password);
    }

    /// <summary>A client sending HTTP basic auth (none when <paramref name="user"/> is null).</summary>
    public HttpClient Client(string? user, string? password)
    {
        var client = Fixture.NewClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>A client sending a bearer token.</summary>
    public HttpClient Bearer(string token)
    {
        var client = Fixture.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(client);
        return client;
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => Client(null, null);

    public Task GrantAsync(ResourceKind kind, string resource, string user, Permission permission) =>
        Users.GrantAsync(kind, resource, user, permission, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Fixture.DisposeAsync();
    }

    public static async Task<WireReply> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        using var response = await client.SendAsync(request);
        return await WireReply.ReadAsync(response);
    }

    public static Task<WireReply> GetAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Get, path);

    public static Task<WireReply> PostAsync(HttpClient client, string path, string json) => SendAsync(client, HttpMethod.Post, path, json);
}
