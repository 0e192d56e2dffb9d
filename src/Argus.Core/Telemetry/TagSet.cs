using System.Globalization;
using System.Text;

namespace Argus.Core.Telemetry;

/// <summary>
/// The tags of one series, sorted by key, with their escaped label text (<c>a="x",b="y"</c>) built once when the
/// series is first seen.
/// </summary>
internal sealed class TagSet
{
    private TagSet(KeyValuePair<string, object?>[] tags, int hash, byte[] labels)
    {
        Tags = tags;
        Hash = hash;
        Labels = labels;
    }

    public KeyValuePair<string, object?>[] Tags { get; }

    public int Hash { get; }

    /// <summary>The UTF-8 label text without braces; empty for no tags. Also the sort key of series.</summary>
    public byte[] Labels { get; }

    public static TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Keep the last value of a repeated key; sort by key so the same tags in another order are the same series.
        var unique = new List<KeyValuePair<string, object?>>(tags.Length);
        foreach (var tag in tags)
        {
            var at = unique.FindIndex(t => string.Equals(t.Key, tag.Key, StringComparison.Ordinal));
            if (at >= 0)
            {
                unique[at] = tag;
            }
            else
            {
                unique.Add(tag);
            }
        }

        unique.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var sorted = unique.ToArray();

        var labels = new List<(string Name, string Value)>(sorted.Length);
        foreach (var tag in sorted)
        {
            labels.Add((PrometheusNames.LabelName(tag.Key), LabelValue(tag.Value)));
        }

        labels.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var text = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(name).Append("=\"").Append(ExpositionFamily.Escape(value, quotes: true)).Append('"');
        }

        return new TagSet(sorted, TagSetComparer.HashOf(sorted), Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
