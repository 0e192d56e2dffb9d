using System.CommandLine;
using Argus.Core.Auth;
using Argus.Core.Errors;

namespace Argus.Cli.Commands.Auth;

/// <summary>Options the users, tokens and permissions commands share.</summary>
internal static class AuthCliOptions
{
    public static Option<string?> Password() => new("--password")
    {
        Description = "The password (visible to other local users in the process list; prefer --password-stdin).",
    };

    public static Option<bool> PasswordStdin() => new("--password-stdin")
    {
        Description = "Read the password from the first line of standard input.",
    };

    /// <summary>The password given by <c>--password</c> or on standard input; one of them is required.</summary>
    public static async Task<string> ReadPasswordAsync(CliContext context, Option<string?> password, Option<bool> stdin)
    {
        if (context.Get(password) is { Length: > 0 } given)
        {
            return given;
        }

        if (context.Get(stdin))
        {
            var line = await Console.In.ReadLineAsync(context.CancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(line) ? throw ArgusException.InvalidParameter("No password on standard input.") : line;
        }

        throw ArgusException.InvalidParameter("Give the password with --password-stdin (or --password).");
    }

    /// <summary>Opens the administration of the store the tracking URI names (a database directly, or a server's REST API).</summary>
    public static async Task<(Core.Tracking.ITrackingStore Store, IUserAdministration Admin)> OpenAsync(CliContext context, Option<string?> trackingUri)
    {
        var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
        return (store, UserAdministration.For(store));
    }
}
