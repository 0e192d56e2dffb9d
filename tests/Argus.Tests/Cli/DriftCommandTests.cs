using System.Text.Json;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Cli;

/// <summary><c>argus drift</c>: the JSON shape the issue names, HTML, overrides and clear errors.</summary>
public sealed class DriftCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new("argus-drift-cli");

    public void Dispose() => _directory.Dispose();

    // The first 120 tips as reference; the rest with every bill tripled and every party a smoker as current.
    private (string Reference, string Current) Files()
    {
        var lines = File.ReadAllLines(DataFixtures.TipsPath);
        var reference = _directory.Combine("reference.csv");
        var current = _directory.Combine("current.csv");
        File.WriteAllLines(reference, lines.Take(121));
        File.WriteAllLines(current, [lines[0], .. lines.Skip(121).Select(line =>
        {
            var cells = line.Split(',');
            cells[0] = (double.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture) * 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
            cells[3] = "\"Yes\"";
            return string.Join(',', cells);
        })]);
        return (reference, current);
    }

    [Fact]
    public async Task Drift_DriftedData_JsonInTheIssuesShape()
    {
        var (reference, current) = Files();

        var result = await CliSandbox.RunAsync("drift", "--reference", reference, "--current", current, "--target", "tip");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(["dataset_drift", "drift_share", "number_of_columns", "number_of_drifted_columns", "share_of_drifted_columns", "columns"],
            root.EnumerateObject().Select(p => p.Name).Take(6));
        Assert.Equal(0.5, root.GetProperty("drift_share").GetDouble());
        Assert.Equal(7, root.GetProperty("number_of_columns").GetInt32()); // six features and the target
        var bill = root.GetProperty("columns").GetProperty("total_bill");
        Assert.Equal(["column_type", "stattest", "threshold", "score", "drift_detected"], bill.EnumerateObject().Select(p => p.Name));
        Assert.Equal("num", bill.GetProperty("column_type").GetString());
        Assert.Equal("ks", bill.GetProperty("stattest").GetString()); // reference ≤ 1000 rows, many values
        Assert.True(bill.GetProperty("drift_detected").GetBoolean());
        var smoker = root.GetProperty("columns").GetProperty("smoker");
        Assert.Equal(("cat", "z"), (smoker.GetProperty("column_type").GetString(), smoker.GetProperty("stattest").GetString()));
        Assert.Contains("columns drifted; dataset drift", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_StatTestThresholdHtmlAndFailOnDrift()
    {
        var (reference, current) = Files();
        var html = _directory.Combine("drift.html");
        var jsonPath = _directory.Combine("drift.json");

        var result = await CliSandbox.RunAsync("drift", "-r", reference, "-c", current, "--stattest", "psi", "--threshold", "0.2",
            "--drift-share", "0.25", "--fail-on-drift", "--json", jsonPath, "--html", html);

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath));
        Assert.True(json.RootElement.GetProperty("dataset_drift").GetBoolean());
        Assert.All(json.RootElement.GetProperty("columns").EnumerateObject(), c =>
        {
            Assert.Equal("psi", c.Value.GetProperty("stattest").GetString());
            Assert.Equal(0.2, c.Value.GetProperty("threshold").GetDouble());
        });
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<h2>Data drift</h2>", page, StringComparison.Ordinal);
        Assert.Contains("total_bill", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--stattest", "kss", "No stat test named 'kss'")]
    [InlineData("--threshold", "-1", "threshold")]
    public async Task Drift_BadOption_ClearError(string option, string value, string expected)
    {
        var (reference, current) = Files();

        var result = await CliSandbox.RunAsync("drift", "-r", reference, "-c", current, option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Drift_NoReferenceOrMismatchedColumns_ClearErrors()
    {
        var (reference, _) = Files();
        var other = _directory.Combine("other.csv");
        await File.WriteAllTextAsync(other, "a,b\n1,2\n");

        var noReference = await CliSandbox.RunAsync("drift", "-c", reference);
        var mismatched = await CliSandbox.RunAsync("drift", "-r", reference, "-c", other);

        Assert.NotEqual(0, noReference.ExitCode);
        Assert.Contains("--reference", noReference.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, mismatched.ExitCode);
        Assert.Contains("same columns", mismatched.Stderr, StringComparison.Ordinal);
    }
}
