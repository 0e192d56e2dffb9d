using Argus.Core.Auth;

namespace Argus.Server.Auth;

/// <summary>
/// The first administrator: when authentication is on and the database has no user, creates <c>admin</c> with the
/// password from the options or <c>$ARGUS_ADMIN_PASSWORD</c>, else with a random one-time password printed once to
/// standard output (never to the log). Replicas starting together create it once; only the one that did prints.
/// </summary>
internal static class AuthBootstrap
{
    public static async Task RunAsync(IAuthStore store, AuthOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if ((await store.ListUsersAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return;
        }

        var given = options.AdminPassword ?? NullIfEmpty(Environment.GetEnvironmentVariable(AuthOptions.AdminPasswordVariable));
        if (given is not null)
        {
            AuthValidator.Password(given);
        }

        var password = given ?? Secrets.NewPassword();
        if (!await store.CreateFirstAdminAsync(AuthOptions.AdminUserName, PasswordHasher.Hash(password, options.PasswordIterations), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (given is not null)
        {
            AuthLog.AdminCreated(logger, AuthOptions.AdminUserName, options.AdminPassword is null ? "$" + AuthOptions.AdminPasswordVariable : "the options");
            return;
        }

        AuthLog.AdminCreatedWithGeneratedPassword(logger, AuthOptions.AdminUserName);
        var output = options.BootstrapOutput ?? Console.Out;
        await output.WriteLineAsync(
            $"Created user '{AuthOptions.AdminUserName}' with the one-time password {password} (shown only now; change it with 'argus users set-password {AuthOptions.AdminUserName}').")
            .ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
