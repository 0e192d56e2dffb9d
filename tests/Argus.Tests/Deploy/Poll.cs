using System.Diagnostics;

namespace Argus.Tests.Deploy;

/// <summary>Waits for an external condition by checking it again until it holds or a deadline passes.</summary>
public static class Poll
{
    /// <summary>
    /// Checks <paramref name="condition"/> every 250 ms until it holds; after <paramref name="within"/>, fails with
    /// <paramref name="what"/> and the condition's last report of what it saw.
    /// </summary>
    public static async Task UntilAsync(string what, TimeSpan within, Func<Task<(bool Holds, string Seen)>> condition)
    {
        var deadline = Stopwatch.StartNew();
        var seen = string.Empty;
        while (true)
        {
            bool holds;
            (holds, seen) = await condition();
            if (holds)
            {
                return;
            }

            if (deadline.Elapsed >= within)
            {
                Assert.Fail($"Not within {within}: {what}.\n{seen}");
            }

            await Task.Delay(250);
        }
    }
}
