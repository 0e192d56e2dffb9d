using System.Globalization;
using System.Text.Json;
using Argus.Core.Monitoring.Stats;

namespace Argus.Tests.Core.Monitoring.Stats;

/// <summary>
/// Reads the reference vectors written by Vectors/generate_vectors.py (SciPy/numpy through Evidently's code).
/// Samples are stored inline (null = NaN) or as a generator spec that is replayed with numpy's legacy MT19937.
/// </summary>
internal static class StatVectors
{
    private static readonly Dictionary<string, JsonElement> Files = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Core", "Monitoring", "Stats", "Vectors");

    public static JsonElement File(string name)
    {
        lock (Gate)
        {
            if (!Files.TryGetValue(name, out var root))
            {
                using var document = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Folder, name + ".json")));
                root = document.RootElement.Clone();
                Files[name] = root;
            }

            return root;
        }
    }

    public static JsonElement Case(string stattest, int index) => File(stattest).GetProperty("cases")[index];

    /// <summary>(stattest, case index, case name) for every case of every stat-test file.</summary>
    public static TheoryData<string, int, string> AllCases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var test in StatTests.All)
        {
            var path = Path.Combine(Folder, test.Name + ".json");
            if (!System.IO.File.Exists(path))
            {
                continue;
            }

            var cases = File(test.Name).GetProperty("cases");
            for (var i = 0; i < cases.GetArrayLength(); i++)
            {
                data.Add(test.Name, i, cases[i].GetProperty("case").GetString()!);
            }
        }

        return data;
    }

    public static double[] Numbers(JsonElement spec)
    {
        if (spec.ValueKind == JsonValueKind.Object)
        {
            var random = new LegacyRandomState(spec.GetProperty("seed").GetUInt32());
            var n = spec.GetProperty("n").GetInt32();
            var scale = spec.GetProperty("scale").GetDouble();
            var shift = spec.GetProperty("shift").GetDouble();
            var floor = spec.GetProperty("floor").GetBoolean();
            var values = new double[n];
            for (var i = 0; i < n; i++)
            {
                var v = (random.NextDouble() * scale) + shift;
                values[i] = floor ? Math.Floor(v) : v;
            }

            return values;
        }

        var result = new double[spec.GetArrayLength()];
        var k = 0;
        foreach (var item in spec.EnumerateArray())
        {
            result[k++] = item.ValueKind switch
            {
                JsonValueKind.Null => double.NaN,
                JsonValueKind.String => item.GetString() switch
                {
                    "inf" => double.PositiveInfinity,
                    "-inf" => double.NegativeInfinity,
                    var text => double.Parse(text!, CultureInfo.InvariantCulture),
                },
                _ => item.GetDouble(),
            };
        }

        return result;
    }

    /// <summary>Labels to codes shared by both sides (null = missing = −1), with the labels for ordering.</summary>
    public static CategoricalSamples Categories(JsonElement reference, JsonElement current)
    {
        var labels = new List<string>();
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] Encode(JsonElement side)
        {
            var codes = new int[side.GetArrayLength()];
            var i = 0;
            foreach (var item in side.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Null)
                {
                    codes[i++] = -1;
                    continue;
                }

                var label = item.ValueKind == JsonValueKind.Number
                    ? item.GetDouble().ToString(CultureInfo.InvariantCulture)
                    : item.GetString()!;
                if (!lookup.TryGetValue(label, out var code))
                {
                    code = labels.Count;
                    lookup[label] = code;
                    labels.Add(label);
                }

                codes[i++] = code;
            }

            return codes;
        }

        var r = Encode(reference);
        var c = Encode(current);
        return CategoricalSamples.Create(r, c, labels.Count, labels);
    }

    public static double? Expected(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? double.NaN : element.GetProperty(property).GetDouble();

    public static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NaN, got {actual:R}");
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (|diff| {Math.Abs(expected - actual):E3} > {tolerance:E1})");
    }
}
