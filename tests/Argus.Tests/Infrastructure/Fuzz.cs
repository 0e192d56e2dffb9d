using System.Globalization;
using System.Text;
using Argus.Core.Errors;

namespace Argus.Tests.Infrastructure;

/// <summary>
/// Seeded, bounded fuzzing inside xUnit. A fuzz test runs a fixed number of iterations (its CI default, or
/// <c>ARGUS_FUZZ_ITERATIONS</c> for a longer run) from a fixed seed (or <c>ARGUS_FUZZ_SEED</c>); iteration
/// <c>i</c> draws from its own <see cref="Random"/> seeded by (seed, i), so a failure names the seed, the
/// iteration and the input, and replays alone. <c>scripts/fuzz.sh</c> runs every test with the <see cref="Category"/>
/// trait for longer (docs/hardening.md).
/// </summary>
internal static class Fuzz
{
    /// <summary>The trait value of every fuzz test (<c>[Trait("Category", Fuzz.Category)]</c>).</summary>
    public const string Category = "Fuzz";

    public const string IterationsVariable = "ARGUS_FUZZ_ITERATIONS";

    public const string SeedVariable = "ARGUS_FUZZ_SEED";

    /// <summary>How many iterations to run: <c>ARGUS_FUZZ_ITERATIONS</c> when set, else <paramref name="ciDefault"/>.</summary>
    public static int Iterations(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : ciDefault;

    /// <summary>The run's seed: <c>ARGUS_FUZZ_SEED</c> when set, else <paramref name="fixedSeed"/> (each test has its own).</summary>
    public static int Seed(int fixedSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)
            ? s
            : fixedSeed;

    /// <summary>The random source of one iteration, independent of every other iteration.</summary>
    public static Random ForIteration(int seed, int iteration) => new(unchecked((seed * 1_000_003) ^ (iteration * 0x2F0B3A49)));

    /// <summary>The line a fuzz test writes to its output: seed, iterations and how many got through.</summary>
    public static string Summary(int seed, int iterations, int accepted, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"fuzz seed {seed}: {iterations} inputs, {accepted} {what}, {iterations - accepted} refused");

    /// <summary>Where a failure came from: seed, iteration and the input (escaped, shortened) to replay it.</summary>
    public static string Where(int seed, int iteration, string input) =>
        string.Create(CultureInfo.InvariantCulture, $"[fuzz seed {seed}, iteration {iteration}] input ({input.Length} chars): {Show(input)}");

    /// <summary>Where a failure came from, for a byte input.</summary>
    public static string Where(int seed, int iteration, ReadOnlySpan<byte> input) =>
        string.Create(CultureInfo.InvariantCulture, $"[fuzz seed {seed}, iteration {iteration}] input ({input.Length} bytes): {Show(input)}");

    /// <summary>Text as a C# literal would write it (controls, surrogates and non-ASCII as \u escapes), at most 2,000 characters.</summary>
    public static string Show(string text)
    {
        var shown = new StringBuilder("\"");
        foreach (var c in text.Length > 2000 ? text[..2000] : text)
        {
            _ = c switch
            {
                '"' => shown.Append("\\\""),
                '\\' => shown.Append("\\\\"),
                >= ' ' and <= '~' => shown.Append(c),
                _ => shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
            };
        }

        return shown.Append(text.Length > 2000 ? "\"…" : "\"").ToString();
    }

    /// <summary>Bytes as hex, at most 1,000 of them.</summary>
    public static string Show(ReadOnlySpan<byte> bytes) =>
        Convert.ToHexString(bytes.Length > 1000 ? bytes[..1000] : bytes) + (bytes.Length > 1000 ? "…" : string.Empty);

    /// <summary>The longest error message a fuzz test accepts: an error names what is wrong, it does not echo a huge input back.</summary>
    public const int MaxMessageLength = 8000;

    /// <summary>
    /// Fails unless <paramref name="e"/> is an <see cref="ArgusException"/> with one of <paramref name="codes"/> and a
    /// message of at most <see cref="MaxMessageLength"/> characters.
    /// </summary>
    public static void AssertRefused(Exception e, string where, params ErrorCode[] codes)
    {
        if (e is ArgusException refused && codes.Contains(refused.Code))
        {
            Assert.True(refused.Message.Length <= MaxMessageLength, $"The error message is {refused.Message.Length} characters long. {where}\n{Show(refused.Message)}");
            return;
        }

        Assert.Fail($"Expected a result or ArgusException {string.Join(" or ", codes)}. {where}\n{e}");
    }

    /// <summary>One of <paramref name="items"/>.</summary>
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public static bool Chance(this Random random, double p) => random.NextDouble() < p;

    /// <summary>Characters that break parsers: quotes, escapes, separators, NUL and controls, a lone surrogate, a BOM, non-ASCII.</summary>
    public static readonly string[] NastyText =
    [
        "'", "\"", "`", "\\", "''", "\"\"", "``", "\\'", "\0", "\r", "\n", "\r\n", "\t", "\u0001", "\u007F", "\uFEFF", "\uD800", "\uDC00",
        "\uD83D\uDE00", "é", "ß", "\u0130", "\u202E", "\uFFFF", "%", "_", "%%", ";", "--", "/*", "*/", ",", "(", ")", " ", "   ",
        "NULL", "null", "true", "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "99999999999999999999999999", "0x10", "1_000",
        "' OR '1'='1", "\"; DROP TABLE runs; --", "$1", "@p0", "?", ":name", "\u00A0", "\u2028", "\uFFFD",
    ];

    /// <summary>
    /// Mutates <paramref name="text"/> at character level a few times: inserts nasty text, deletes, duplicates or swaps
    /// spans, flips characters, truncates.
    /// </summary>
    public static string MutateText(this Random random, string text, IReadOnlyList<string>? tokens = null)
    {
        var s = new StringBuilder(text);
        var times = 1 + random.Next(3);
        for (var t = 0; t < times; t++)
        {
            var at = s.Length == 0 ? 0 : random.Next(s.Length + 1);
            switch (random.Next(7))
            {
                case 0:
                    s.Insert(at, random.Pick(NastyText));
                    break;
                case 1 when tokens is not null:
                    s.Insert(at, random.Pick(tokens));
                    break;
                case 2 when s.Length > 0:
                    var length = Math.Min(s.Length - Math.Min(at, s.Length - 1), 1 + random.Next(8));
                    s.Remove(Math.Min(at, s.Length - 1), length);
                    break;
                case 3 when s.Length > 0:
                    var from = random.Next(s.Length);
                    var span = s.ToString(from, Math.Min(s.Length - from, 1 + random.Next(16)));
                    s.Insert(at, span);
                    break;
                case 4 when s.Length > 0:
                    s[Math.Min(at, s.Length - 1)] = (char)random.Next(0, 0x3000);
                    break;
                case 5 when s.Length > 0:
                    s.Length = random.Next(s.Length);
                    break;
                default:
                    s.Insert(at, (char)random.Next(0, 128));
                    break;
            }
        }

        return s.ToString();
    }
}
