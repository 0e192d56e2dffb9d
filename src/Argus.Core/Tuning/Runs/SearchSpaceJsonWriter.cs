using System.Text;
using System.Text.Json;

namespace Argus.Core.Tuning.Runs;

/// <summary>Writes a search space back in the JSON form <see cref="SearchSpace.Parse"/> reads (for the parent run's tag).</summary>
internal static class SearchSpaceJsonWriter
{
    public static string Write(SearchSpace space)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteEntries(writer, null, space.Entries);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteEntries(Utf8JsonWriter writer, string? label, IReadOnlyList<SpaceEntry> entries)
    {
        writer.WriteStartObject();
        if (label is not null)
        {
            writer.WriteString("name", label);
        }

        foreach (var entry in entries)
        {
            writer.WritePropertyName(entry.Name);
            WriteNode(writer, entry.Node);
        }

        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, SpaceNode node)
    {
        switch (node)
        {
            case ConstantNode constant:
                WriteConstant(writer, constant.Value);
                break;
            case UniformDistribution u:
                WriteDistribution(writer, u.Name, u.Low, u.High, u.Q);
                break;
            case NormalDistribution n:
                WriteDistribution(writer, n.Name, n.Mu, n.Sigma, n.Q);
                break;
            case RandIntDistribution r:
                writer.WriteStartObject();
                writer.WriteStartArray("randint");
                writer.WriteNumberValue(r.Low);
                writer.WriteNumberValue(r.Upper);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case ChoiceNode choice:
                writer.WriteStartObject();
                writer.WriteStartArray("choice");
                foreach (var option in choice.Options)
                {
                    if (option is SubSpaceNode sub)
                    {
                        WriteEntries(writer, sub.Label, sub.Entries);
                    }
                    else
                    {
                        WriteNode(writer, option);
                    }
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteDistribution(Utf8JsonWriter writer, string name, double a, double b, double? q)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(name);
        writer.WriteNumberValue(a);
        writer.WriteNumberValue(b);
        if (q is { } step)
        {
            writer.WriteNumberValue(step);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteConstant(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
