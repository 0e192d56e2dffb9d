using System.Globalization;
using System.Text;
using Argus.Tests.Core.Data;

namespace Argus.Tests.Core.Monitoring.Reports;

/// <summary>The tips data split in two, with a prediction column: exact on the reference, biased upwards by 0.3 on the current rows.</summary>
internal static class ReportData
{
    public static (string Reference, string Current) Write(string directory)
    {
        var lines = File.ReadAllLines(DataFixtures.TipsPath);
        var header = lines[0].Replace("\"", string.Empty, StringComparison.Ordinal).Split(',');
        var tip = Array.IndexOf(header, "tip");
        string Rows(IEnumerable<string> rows, double bias) => string.Join("\n", rows.Select((row, i) =>
        {
            var value = double.Parse(row.Split(',')[tip], CultureInfo.InvariantCulture);
            var prediction = value + bias + ((i % 7) - 3) * 0.05;
            return $"{row},{prediction.ToString("R", CultureInfo.InvariantCulture)}";
        }));
        var reference = Path.Combine(directory, "reference.csv");
        var current = Path.Combine(directory, "current.csv");
        File.WriteAllText(reference, $"{lines[0]},prediction\n{Rows(lines.Skip(1).Take(150), 0)}\n", Encoding.UTF8);
        File.WriteAllText(current, $"{lines[0]},prediction\n{Rows(lines.Skip(151), 0.3)}\n", Encoding.UTF8);
        return (reference, current);
    }
}
