using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Argus.Core.Auth;
using Argus.Server.Auth;
using Microsoft.Extensions.Logging;

namespace Argus.Tests.Server.Auth;

/// <summary>
/// Passwords, tokens, session cookies and CSRF tokens never reach the log, whatever happens — bootstrap, user creation,
/// sign-in, failed sign-ins, token use and rejection, password changes — with every category logging at Trace.
/// </summary>
[Collection(AuthEnvironmentCollection.Name)]
public sealed partial class SecretLoggingTests
{
    private const string Argus = "/api/2.0/argus";
    private const string Api = ServerFixture.Api;

    [Fact]
    public async Task EveryAuthenticationPath_LeavesNoSecretInTheLog()
    {
        var log = new CapturingLoggerProvider();
        var stdout = new StringWriter();
        var server = await ServerFixture.StartAsync(o => o with
        {
            Auth = new AuthOptions { Enabled = true, BootstrapOutput = stdout, PasswordIterations = PasswordHasher.MinimumIterations, MaxFailedLoginsPerUser = 2 },
            ConfigureLogging = logging => logging.AddProvider(log).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace),
        });
        var secrets = new List<string>();
        await using (server)
        {
            var adminPassword = OneTimePassword().Match(stdout.ToString()).Groups[1].Value;
            Assert.NotEmpty(adminPassword);
            secrets.Add(adminPassword);
            using var admin = Basic(server, "admin", adminPassword);
            const string alicePassword = "alice-secret-pw-1";
            const string newPassword = "alice-secret-pw-2";
            const string wrongPassword = "guessed-secret-pw-9";
            secrets.AddRange([alicePassword, newPassword, wrongPassword]);

            await Send(admin, HttpMethod.Post, Api + "/users/create", new { username = "alice", password = alicePassword });
            using var anonymous = server.NewClient();
            var login = await Send(anonymous, HttpMethod.Post, Argus + "/auth/login", new { username = "alice", password = alicePassword });
            secrets.Add(login.Json.GetProperty("csrf_token").GetString()!);
            for (var i = 0; i < 3; i++)
            {
                await Send(anonymous, HttpMethod.Post, Argus + "/auth/login", new { username = "alice", password = wrongPassword }); // the last one is throttled
            }

            using var alice = Basic(server, "alice", alicePassword);
            var created = await Send(admin, HttpMethod.Post, Argus + "/tokens/create", new { name = "ci", username = "alice" });
            var token = created.Json.GetProperty("token").GetString()!;
            secrets.AddRange([token, Secrets.Sha256(token)]);
            using var bearer = server.NewClient();
            bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await Send(bearer, HttpMethod.Get, Argus + "/auth/me", null);
            using var badBearer = server.NewClient();
            badBearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
            await Send(badBearer, HttpMethod.Get, Argus + "/auth/me", null);
            using var tokenAsPassword = Basic(server, "alice", token);
            await Send(tokenAsPassword, HttpMethod.Get, Argus + "/auth/me", null);
            await Send(admin, HttpMethod.Patch, Api + "/users/update-password", new { username = "alice", password = newPassword });
            await Send(admin, HttpMethod.Post, Api + "/users/create", new { username = "bob", password = "short" }); // refused: the message must not echo it
        }

        var text = log.Text();
        Assert.Contains("Failed sign-in as alice", text, StringComparison.Ordinal); // the log is captured and does talk about sign-ins
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret ({secret[..3]}…) is in the log.");
        }

        Assert.DoesNotContain("password\":\"short", text, StringComparison.Ordinal);
    }

    private static HttpClient Basic(ServerFixture server, string user, string password)
    {
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    private static async Task<WireReply> Send(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return await WireReply.ReadAsync(response);
    }

    [GeneratedRegex("one-time password (\\S+) ")]
    private static partial Regex OneTimePassword();

    /// <summary>Keeps every message, its structured values, scopes and exceptions as text.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text() => string.Join("\n", _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} [{values}] {exception}");
            }
        }
    }
}
