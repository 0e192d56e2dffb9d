using System.Text.RegularExpressions;

namespace Argus.Tests.Server;

/// <summary>What an error message sent to a client must not show: stack traces, exception types, SQL, server paths.</summary>
internal static partial class ErrorBodies
{
    /// <summary>Fails when <paramref name="message"/> shows anything of the server's insides.</summary>
    public static void AssertNothingInternal(string message, string? serverDirectory, string where)
    {
        Assert.False(StackTrace().IsMatch(message), $"The message shows a stack trace: {message}\n{where}");
        Assert.False(Internals().IsMatch(message), $"The message shows an exception, SQL or a library path: {message}\n{where}");
        Assert.False(message.Contains(AppContext.BaseDirectory.TrimEnd('/'), StringComparison.Ordinal), $"The message shows the server's directory: {message}\n{where}");
        if (!string.IsNullOrEmpty(serverDirectory))
        {
            Assert.False(message.Contains(serverDirectory, StringComparison.Ordinal), $"The message shows a path of the server: {message}\n{where}");
        }
    }

    // .NET frames ("   at Type.Method(") and native ones ("[bt] (0) /lib/…", "Stack trace:").
    [GeneratedRegex(@"(^|\n)\s+at [\w.`<>\[\]]+\(|Stack trace:|\[bt\]|--- End of stack trace", RegexOptions.CultureInvariant)]
    private static partial Regex StackTrace();

    // Exception and provider names, SQL the stores write (placeholders, tables, clauses) and library paths.
    [GeneratedRegex(@"Exception\b|SQLite Error|Microsoft\.Data|Npgsql|latest_metrics|json_each|\bSELECT\s.+\sFROM\s|INSERT INTO|/lib/x86_64|/usr/(lib|share)/|\.cs:line \d+|\.cc:\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Internals();
}
