using System.Text;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Drift;
using Argus.Core.Monitoring.Stats;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Monitoring.Drift;

/// <summary>
/// Fuzzes what <c>argus drift</c> does with two CSV files: <see cref="ColumnTableLoader"/> reads a generated reference
/// and current (usually with the same columns), and <see cref="DatasetDrift"/> tests every column with the default or
/// a random stat test. Each pair yields a result or INVALID_PARAMETER_VALUE.
/// </summary>
[Trait("Category", Fuzz.Category)]
public sealed class ColumnTableLoaderFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Columns = ["total_bill", "sex", "size", "tip", "prediction"];

    [Fact]
    public void GeneratedCsvPairs_DriftOrAreRefusedAsInvalid()
    {
        var seed = Fuzz.Seed(4182);
        var iterations = Fuzz.Iterations(400);
        var computed = 0;
        for (var i = 0; i < iterations; i++)
        {
            var random = Fuzz.ForIteration(seed, i);
            var generator = new CsvGenerator(random);
            var columns = random.Chance(0.8) ? Columns : null;
            var reference = generator.Bytes(columns, maxRows: 300, mutation: 0.15);
            var current = generator.Bytes(columns, maxRows: 300, mutation: 0.15);
            var options = new DriftOptions
            {
                NumMethod = random.Chance(0.3) ? random.Pick(StatTests.All).Name : null,
                CatMethod = random.Chance(0.3) ? random.Pick(StatTests.All).Name : null,
                Seed = (uint)random.Next(),
                MaxDegreeOfParallelism = 1,
            };
            try
            {
                using var referenceReader = Reader(reference);
                using var currentReader = Reader(current);
                var pair = ColumnTableLoader.Read(referenceReader, "reference.csv", currentReader, "current.csv");
                _ = DatasetDrift.Compute(pair.Reference, pair.Current, options);
                computed++;
            }
            catch (Exception e)
            {
                Fuzz.AssertRefused(e, Fuzz.Where(seed, i, [.. reference, .. "\n--- current ---\n"u8, .. current]), ErrorCode.InvalidParameterValue);
            }
        }

        output.WriteLine(Fuzz.Summary(seed, iterations, computed, "drift computed"));
        Assert.InRange(computed, 1 + iterations / 20, iterations - 1 - iterations / 10);
    }

    private static StreamReader Reader(byte[] bytes) => new(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
}
