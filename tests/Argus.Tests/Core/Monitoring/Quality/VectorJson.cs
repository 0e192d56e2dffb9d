using System.Text.Json;

namespace Argus.Tests.Core.Monitoring.Quality;

/// <summary>
/// Reads the reference-vector JSON files (non-finite numbers as the strings "NaN", "Infinity", "-Infinity") and
/// compares numbers at the vectors' tolerance: |actual − expected| ≤ 1e-9·max(1, |expected|), NaN equal to NaN.
/// </summary>
internal static class VectorJson
{
    public const double Tolerance = 1e-9;

    public static JsonDocument Load(string folder, string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Core", "Monitoring", folder, "Vectors", file)));

    public static double Number(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.Null => double.NaN,
        JsonValueKind.String => element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"Not a number: {s}"),
        },
        _ => throw new FormatException($"Not a number: {element}"),
    };

    public static double[] Numbers(JsonElement array)
    {
        var result = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = Number(item);
        }

        return result;
    }

    public static string[] Labels(JsonElement array)
    {
        var result = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = item.GetString()!;
        }

        return result;
    }

    public static int[] Ints(JsonElement array)
    {
        var result = new int[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = item.GetInt32();
        }

        return result;
    }

    public static string?[] Strings(JsonElement array)
    {
        var result = new string?[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = item.ValueKind == JsonValueKind.Null ? null : item.GetString();
        }

        return result;
    }

    public static void Close(double expected, double actual, string what)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected}, got {actual}");
            return;
        }

        var tolerance = Tolerance * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (difference {actual - expected:R})");
    }

    public static void Close(JsonElement expected, double actual, string what) => Close(Number(expected), actual, what);

    public static void Close(JsonElement expected, IReadOnlyList<double> actual, string what)
    {
        var e = Numbers(expected);
        Assert.True(e.Length == actual.Count, $"{what}: expected {e.Length} values, got {actual.Count}");
        for (var i = 0; i < e.Length; i++)
        {
            Close(e[i], actual[i], $"{what}[{i}]");
        }
    }
}
