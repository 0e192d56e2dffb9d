using System.Globalization;
using System.Text;
using System.Text.Json;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Server.Serving;

/// <summary>
/// Scoring bodies for the tips model (total_bill, sex, smoker, day, time, size; tip ignored) in MLflow's four JSON
/// formats and CSV: valid rows first, then mutated by <see cref="JsonMutator"/> or <see cref="CsvGenerator"/>.
/// </summary>
internal sealed class ScoringBodyGenerator(Random random)
{
    /// <summary>The tips model's inputs, in signature order, and the target it ignores.</summary>
    public static readonly string[] Columns = ["total_bill", "sex", "smoker", "day", "time", "size", "tip"];

    /// <summary>A body and its content type.</summary>
    public (byte[] Body, string ContentType) Next()
    {
        if (random.Chance(0.25))
        {
            var csv = new CsvGenerator(random).Bytes(random.Chance(0.8) ? Columns[..^(random.Next(2))] : null, maxRows: 300);
            return (csv, random.Pick(new[] { "text/csv", "text/csv; charset=utf-8", "text/csv; charset=latin1" }));
        }

        var json = Json();
        return (random.Chance(0.8) ? JsonMutator.Mutate(random, json) : Encoding.UTF8.GetBytes(json),
            random.Chance(0.95) ? "application/json" : random.Pick(new[] { "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded" }));
    }

    /// <summary>A valid body in one of the four JSON formats.</summary>
    public string Json()
    {
        var rows = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Row()).ToList();
        object body = random.Next(5) switch
        {
            0 => new { dataframe_split = new { columns = Columns[..6], data = rows } },
            1 => new { dataframe_records = rows.Select(Record).ToList() },
            2 => new { instances = rows },
            3 => new { inputs = Enumerable.Range(0, 6).ToDictionary(c => Columns[c], c => rows.Select(r => r[c]).ToList()) },
            _ => new { inputs = rows.Select(Record).ToList(), @params = new { x = 1 } },
        };
        return JsonSerializer.Serialize(body);
    }

    private object?[] Row() =>
    [
        Math.Round(random.NextDouble() * 50, 2),
        random.Pick(new[] { "Female", "Male", "Other" }),
        random.Pick(new[] { "Yes", "No" }),
        random.Pick(new[] { "Sun", "Sat", "Thur", "Fri" }),
        random.Pick(new[] { "Dinner", "Lunch" }),
        random.Chance(0.5) ? random.Next(1, 7) : random.Next(1, 7).ToString(CultureInfo.InvariantCulture),
    ];

    private static Dictionary<string, object?> Record(object?[] row) => Enumerable.Range(0, row.Length).ToDictionary(c => Columns[c], c => row[c]);
}
