using System.Text;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Data;

/// <summary>
/// Fuzzes <see cref="CsvReader"/> with generated CSV (<see cref="CsvGenerator"/>), decoded as the loaders decode files
/// (UTF-8, a BOM honoured, invalid bytes read as U+FFFD): every input reads to the end, each record as wide as the
/// header, or fails with INVALID_PARAMETER_VALUE — never another exception.
/// </summary>
[Trait("Category", Fuzz.Category)]
public sealed class CsvReaderFuzzTests(ITestOutputHelper output)
{
    private static readonly CsvOptions[] Options = [CsvOptions.Default, new() { Delimiter = ';' }, new() { Delimiter = '\t' }, new() { Delimiter = '\0' }];

    [Fact]
    public void GeneratedCsv_ReadsWholeRecordsOrIsRefusedAsInvalid()
    {
        var seed = Fuzz.Seed(4180);
        var iterations = Fuzz.Iterations(1_500);
        var read = 0;
        for (var i = 0; i < iterations; i++)
        {
            var random = Fuzz.ForIteration(seed, i);
            var bytes = new CsvGenerator(random).Bytes();
            var options = random.Chance(0.8) ? CsvOptions.Default : random.Pick(Options);
            try
            {
                using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
                var csv = new CsvReader(reader, "fuzz.csv", options);
                while (csv.TryRead(out var fields))
                {
                    Assert.Equal(csv.Header.Count, fields.Length);
                }

                read++;
            }
            catch (Exception e)
            {
                Fuzz.AssertRefused(e, Fuzz.Where(seed, i, bytes), ErrorCode.InvalidParameterValue);
            }
        }

        output.WriteLine(Fuzz.Summary(seed, iterations, read, "read to the end"));
        Assert.InRange(read, 1 + iterations / 5, iterations - 1 - iterations / 5);
    }
}
