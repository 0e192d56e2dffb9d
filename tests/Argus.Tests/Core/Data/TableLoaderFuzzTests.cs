using System.Text;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Data;

/// <summary>
/// Fuzzes <see cref="TableLoader"/> (what <c>argus train</c>, <c>data profile</c> and <c>report</c> read CSV with) on
/// generated CSV: schema inference with and without a mapping, and a fixed schema; then the table is profiled and
/// encoded as training does. Each input loads or fails with INVALID_PARAMETER_VALUE.
/// </summary>
[Trait("Category", Fuzz.Category)]
public sealed class TableLoaderFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Columns = ["total_bill", "sex", "size", "tip"];

    private static readonly DataSchema TipsSchema = new(
        [
            new ColumnSchema("total_bill", ColumnType.Numerical), new ColumnSchema("sex", ColumnType.Categorical),
            new ColumnSchema("size", ColumnType.Categorical), new ColumnSchema("tip", ColumnType.Numerical),
        ],
        Target: "tip", Prediction: null, Id: null, Datetime: null, Task: TaskType.Regression, Features: ["total_bill", "sex", "size"], TextFeatures: []);

    [Fact]
    public void GeneratedCsv_LoadsOrIsRefusedAsInvalid()
    {
        var seed = Fuzz.Seed(4181);
        var iterations = Fuzz.Iterations(800);
        var loaded = 0;
        for (var i = 0; i < iterations; i++)
        {
            var random = Fuzz.ForIteration(seed, i);
            var bytes = new CsvGenerator(random).Bytes(random.Chance(0.5) ? Columns : null, maxRows: 400);
            try
            {
                using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
                var table = random.Next(3) switch
                {
                    0 => TableLoader.Read(reader, "fuzz.csv"),
                    1 => TableLoader.Read(reader, "fuzz.csv", new ColumnMapping { Target = "tip", CategoricalFeatures = ["sex"] }),
                    _ => TableLoader.Read(reader, "fuzz.csv", TipsSchema),
                };
                _ = DatasetProfile.Compute(table);
                if (table.Schema.Target is not null && table.Schema.Features.Count > 0)
                {
                    _ = TabularEncoder.Fit(table).Encode(table);
                }

                loaded++;
            }
            catch (Exception e)
            {
                Fuzz.AssertRefused(e, Fuzz.Where(seed, i, bytes), ErrorCode.InvalidParameterValue);
            }
        }

        output.WriteLine(Fuzz.Summary(seed, iterations, loaded, "loaded"));
        Assert.InRange(loaded, 1 + iterations / 10, iterations - 1 - iterations / 10);
    }
}
