namespace Argus.Core.Tracking;

/// <summary>Generates MLflow-style "adjective-noun-NNN" run names from a seeded source.</summary>
public sealed class RunNames(Random random)
{
    private static readonly string[] Adjectives =
    [
        "able", "agile", "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "daring", "eager", "fair",
        "gentle", "glad", "grand", "happy", "honest", "keen", "kind", "lively", "lucky", "merry", "neat", "nimble",
        "polite", "proud", "quick", "quiet", "rare", "sharp", "shy", "silent", "smart", "steady", "sunny", "swift",
        "tidy", "warm", "wise", "zesty",
    ];

    private static readonly string[] Nouns =
    [
        "ant", "bass", "bear", "bee", "carp", "cat", "colt", "crab", "crane", "deer", "dove", "eel", "elk", "finch",
        "fox", "frog", "goat", "hare", "hawk", "heron", "horse", "jay", "koi", "lark", "lynx", "mole", "moth", "newt",
        "owl", "panda", "quail", "ram", "robin", "seal", "shrew", "snail", "stork", "swan", "toad", "wolf",
    ];

    private readonly Lock _gate = new();

    public string Next()
    {
        lock (_gate)
        {
            return $"{Adjectives[random.Next(Adjectives.Length)]}-{Nouns[random.Next(Nouns.Length)]}-{random.Next(1000):D3}";
        }
    }
}
