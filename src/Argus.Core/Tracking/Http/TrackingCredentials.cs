using System.Net.Http.Headers;
using System.Text;

namespace Argus.Core.Tracking.Http;

/// <summary>
/// What the HTTP client authenticates with, as MLflow clients do: a user name and password sent as HTTP basic auth,
/// else a token sent as a bearer token. An Argus API token also works as the password of basic auth.
/// </summary>
public sealed record TrackingCredentials(string? Username = null, string? Password = null, string? Token = null)
{
    /// <summary>No credentials: requests go unauthenticated.</summary>
    public static TrackingCredentials None { get; } = new();

    /// <summary>
    /// From the environment: <c>ARGUS_TRACKING_USERNAME</c>/<c>ARGUS_TRACKING_PASSWORD</c>/<c>ARGUS_TRACKING_TOKEN</c>,
    /// each falling back to MLflow's <c>MLFLOW_TRACKING_USERNAME</c>/<c>MLFLOW_TRACKING_PASSWORD</c>/<c>MLFLOW_TRACKING_TOKEN</c>.
    /// </summary>
    public static TrackingCredentials FromEnvironment() => new(
        Variable("ARGUS_TRACKING_USERNAME", "MLFLOW_TRACKING_USERNAME"),
        Variable("ARGUS_TRACKING_PASSWORD", "MLFLOW_TRACKING_PASSWORD"),
        Variable("ARGUS_TRACKING_TOKEN", "MLFLOW_TRACKING_TOKEN"));

    /// <summary>The <c>Authorization</c> header these credentials make (basic when a user name and password are set, else bearer), or null.</summary>
    public AuthenticationHeaderValue? Header()
    {
        if (!string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password))
        {
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + Password)));
        }

        return string.IsNullOrEmpty(Token) ? null : new AuthenticationHeaderValue("Bearer", Token);
    }

    /// <summary>Keeps the password and token out of logs.</summary>
    public override string ToString() =>
        $"TrackingCredentials {{ Username = {Username}, Password = {(Password is null ? "null" : "***")}, Token = {(Token is null ? "null" : "***")} }}";

    private static string? Variable(string name, string fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value) ? NullIfEmpty(Environment.GetEnvironmentVariable(fallback)) : value;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
