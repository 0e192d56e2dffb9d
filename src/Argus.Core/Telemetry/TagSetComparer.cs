namespace Argus.Core.Telemetry;

/// <summary>
/// Compares tag sets regardless of tag order, and lets a measurement's tag span find its series without building a
/// key, so recording into an existing series allocates nothing.
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    private TagSetComparer()
    {
    }

    /// <summary>An order-independent hash: the sum of the tags' hashes.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = 0;
        foreach (var tag in tags)
        {
            hash = unchecked(hash + HashCode.Combine(tag.Key, tag.Value));
        }

        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && Equals(x.Tags, y));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other)
    {
        if (alternate.Length != other.Tags.Length)
        {
            return false;
        }

        foreach (var tag in alternate)
        {
            if (!Contains(other.Tags, tag))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => HashOf(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.Create(alternate);

    private static bool Contains(KeyValuePair<string, object?>[] tags, KeyValuePair<string, object?> tag)
    {
        foreach (var candidate in tags)
        {
            if (string.Equals(candidate.Key, tag.Key, StringComparison.Ordinal))
            {
                return Equals(candidate.Value, tag.Value);
            }
        }

        return false;
    }
}
