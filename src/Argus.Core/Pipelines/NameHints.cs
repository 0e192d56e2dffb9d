namespace Argus.Core.Pipelines;

/// <summary>"Did you mean" hints for misspelled names.</summary>
internal static class NameHints
{
    /// <summary>
    /// <c> (did you mean 'steps'?)</c> when a candidate is within a couple of edits of <paramref name="name"/> (fewer than
    /// either has letters, so one-letter names suggest nothing); else empty.
    /// </summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(2, c.Name.Length / 3)) && c.Distance < Math.Min(name.Length, c.Name.Length))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $" (did you mean '{best.Name}'?)";
    }

    // Levenshtein distance with adjacent transpositions counted as one edit.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
