using System.Text.Json;
using Argus.Tests.Core.Data;

namespace Argus.Tests.Cli;

public sealed class DataCommandTests
{
    private static readonly string Tips = DataFixtures.TipsPath;

    [Fact]
    public async Task Profile_Tips_RowsDigestAndColumnSummaries()
    {
        var result = await CliSandbox.RunAsync("data", "profile", Tips);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("tips.csv: 244 rows, 7 columns, digest ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("19.7859", result.Stdout, StringComparison.Ordinal);     // mean total_bill
        Assert.Contains("Dinner (176)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_JsonOutput_ParsesWithEveryColumn()
    {
        var result = await CliSandbox.RunAsync("data", "profile", Tips, "--output", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(244, json.RootElement.GetProperty("row_count").GetInt64());
        Assert.Equal(7, json.RootElement.GetProperty("columns").GetArrayLength());
    }

    [Fact]
    public async Task Profile_MissingFile_ExitOneNamingIt()
    {
        var result = await CliSandbox.RunAsync("data", "profile", "/nonexistent/tips.csv");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/tips.csv", result.Stderr, StringComparison.Ordinal);
    }
}
