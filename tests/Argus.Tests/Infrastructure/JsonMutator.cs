using System.Text;
using System.Text.Json.Nodes;

namespace Argus.Tests.Infrastructure;

/// <summary>
/// Mutates a valid JSON request body for fuzzing: structurally (a value of the wrong type, a missing or extra field,
/// null, a number at or past double's edges, deep nesting, a duplicated key, nasty strings) and then, sometimes, at
/// byte level (truncation, stray or invalid UTF-8 bytes, a BOM, NUL).
/// </summary>
internal static class JsonMutator
{
    // Raw numbers JsonNode cannot hold (1e400) go in as this marker and are swapped in after writing.
    private const string RawMarker = "ZzRawNumberZz";

    private static readonly string[] RawNumbers =
    [
        "1e400", "-1e400", "123456789012345678901234567890", "-9223372036854775809", "9223372036854775808", "18446744073709551616",
        "2147483648", "-2147483649", "1.5", "-0", "0.0000000000000000000000000000001", "1E+2", "4.9e-325", "1e-400",
    ];

    private static readonly byte[][] NastyBytes =
    [
        [0xFF], [0xFE, 0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00], [0xEF, 0xBB, 0xBF],
        "\""u8.ToArray(), ","u8.ToArray(), "]"u8.ToArray(), "}"u8.ToArray(), "{"u8.ToArray(), "["u8.ToArray(), ":"u8.ToArray(), "\\"u8.ToArray(),
        "null"u8.ToArray(), "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(), "/*x*/"u8.ToArray(), "NaN"u8.ToArray(),
    ];

    /// <summary>A mutation of <paramref name="json"/> (the UTF-8 bytes to send).</summary>
    public static byte[] Mutate(Random random, string json)
    {
        var text = random.Chance(0.85) ? MutateStructure(random, json) : json;
        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Chance(0.3) ? MutateBytes(random, bytes) : bytes;
    }

    private static string MutateStructure(Random random, string json)
    {
        var root = JsonNode.Parse(json) ?? new JsonObject();
        var raws = new List<string>();
        var times = 1 + random.Next(3);
        string? duplicate = null;
        for (var t = 0; t < times; t++)
        {
            var nodes = Walk(root).ToList();
            var (node, parent, key) = random.Pick(nodes);
            switch (random.Next(8))
            {
                case 0 when parent is JsonObject o && key is string name:
                    o.Remove(name);
                    break;
                case 1 when node is JsonObject o:
                    o[random.Pick(new[] { "extra", "run_id", "name", "__proto__", "", "\u0000", "key" }) + random.Next(3)] = Value(random, raws);
                    break;
                case 2:
                    Replace(ref root, parent, key, Nest(random, raws));
                    break;
                case 3 when node is JsonObject o && o.Count > 0:
                    duplicate = o.First().Key;
                    break;
                case 4 when node is JsonArray a:
                    // Many more items (of a small value, so the body stays small).
                    var item = random.Pick(new[] { "1", "null", "\"x\"", "[]", "{}", "[1,\"a\"]" });
                    for (var i = random.Next(1, random.Chance(0.1) ? 5000 : 50); i > 0; i--)
                    {
                        a.Add(JsonNode.Parse(item));
                    }

                    break;
                default:
                    Replace(ref root, parent, key, Value(random, raws));
                    break;
            }
        }

        var text = root.ToJsonString();
        if (duplicate is not null)
        {
            // The same key twice: System.Text.Json keeps the last; a reader may see either.
            var property = System.Text.Json.JsonSerializer.Serialize(duplicate);
            var at = text.IndexOf(property + ":", StringComparison.Ordinal);
            if (at > 0)
            {
                text = text.Insert(at, $"{property}:{random.Pick(new[] { "null", "1", "\"dup\"", "[]", "{}" })},");
            }
        }

        foreach (var raw in raws)
        {
            var at = text.IndexOf($"\"{RawMarker}\"", StringComparison.Ordinal);
            if (at >= 0)
            {
                text = string.Concat(text.AsSpan(0, at), raw, text.AsSpan(at + RawMarker.Length + 2));
            }
        }

        return text;
    }

    private static byte[] MutateBytes(Random random, byte[] bytes)
    {
        var list = new List<byte>(bytes);
        var times = 1 + random.Next(3);
        for (var t = 0; t < times; t++)
        {
            var at = random.Next(list.Count + 1);
            switch (random.Next(5))
            {
                case 0 when list.Count > 0:
                    list.RemoveRange(at == list.Count ? at - 1 : at, list.Count - (at == list.Count ? at - 1 : at));
                    break;
                case 1 when list.Count > 0:
                    list[Math.Min(at, list.Count - 1)] = (byte)random.Next(256);
                    break;
                case 2:
                    list.InsertRange(0, random.Pick(NastyBytes));
                    break;
                default:
                    list.InsertRange(at, random.Pick(NastyBytes));
                    break;
            }
        }

        return [.. list];
    }

    // A value of any JSON type, often the wrong one for where it lands.
    private static JsonNode? Value(Random random, List<string> raws)
    {
        switch (random.Next(12))
        {
            case 0:
                return null;
            case 1:
                return JsonValue.Create(random.Chance(0.5));
            case 2:
                return JsonValue.Create(random.Pick(new[] { 0L, -1L, 1L, long.MaxValue, long.MinValue, int.MaxValue + 1L }));
            case 3:
                return JsonValue.Create(random.Pick(new[] { 0.5, -1e308, 1e308, double.Epsilon, 1e-300 }));
            case 4:
                raws.Add(random.Pick(RawNumbers));
                return JsonValue.Create(RawMarker);
            case 5:
                return new JsonArray(Value(random, raws), Value(random, raws));
            case 6:
                return new JsonObject { ["k"] = Value(random, raws) };
            case 7:
                return JsonValue.Create(new string('x', random.Chance(0.05) ? 1_100_000 : random.Next(1, 5000)));
            default:
                return JsonValue.Create(random.Pick(Fuzz.NastyText) + random.Pick(Fuzz.NastyText));
        }
    }

    // Nesting as raw text: past the serializer's depth limit of 64 (often far past), which JsonNode cannot write.
    private static JsonNode Nest(Random random, List<string> raws)
    {
        var depth = random.Chance(0.3) ? random.Next(60, 5000) : random.Next(1, 8);
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            var array = random.Chance(0.5);
            open.Append(array ? "[" : "{\"n\":");
            close.Insert(0, array ? ']' : '}');
        }

        raws.Add(open + random.Pick(RawNumbers) + close);
        return JsonValue.Create(RawMarker);
    }

    private static void Replace(ref JsonNode root, JsonNode? parent, object? key, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject o when key is string name:
                o[name] = value;
                break;
            case JsonArray a when key is int index:
                a[index] = value;
                break;
            default:
                root = value ?? JsonValue.Create("null-root")!;
                break;
        }
    }

    private static IEnumerable<(JsonNode? Node, JsonNode? Parent, object? Key)> Walk(JsonNode? root)
    {
        var stack = new Stack<(JsonNode?, JsonNode?, object?)>();
        stack.Push((root, null, null));
        while (stack.Count > 0)
        {
            var (node, parent, key) = stack.Pop();
            yield return (node, parent, key);
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o.ToList())
                    {
                        stack.Push((child, o, name));
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        stack.Push((a[i], a, i));
                    }

                    break;
                default:
                    break;
            }
        }
    }
}
