using Argus.Core.Errors;
using Argus.Core.Inference;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Inference;

/// <summary>Fuzzes <see cref="FeedbackCsv"/> (<c>argus feedback FILE</c>): records or INVALID_PARAMETER_VALUE.</summary>
[Trait("Category", Fuzz.Category)]
public sealed class FeedbackCsvFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Columns = ["request_id", "actual", "row", "timestamp"];

    [Fact]
    public void GeneratedCsv_ReadsOrIsRefusedAsInvalid()
    {
        var seed = Fuzz.Seed(4183);
        var iterations = Fuzz.Iterations(800);
        var read = 0;
        for (var i = 0; i < iterations; i++)
        {
            var random = Fuzz.ForIteration(seed, i);
            var text = new CsvGenerator(random).Text(random.Chance(0.7) ? Columns.Take(random.Next(1, 5)).ToList() : null, maxRows: 300);
            try
            {
                using var reader = new StringReader(text);
                _ = FeedbackCsv.Read(reader, "feedback.csv", new FeedbackCsvOptions { TimeProvider = new ManualTimeProvider(DateTimeOffset.UnixEpoch) });
                read++;
            }
            catch (Exception e)
            {
                Fuzz.AssertRefused(e, Fuzz.Where(seed, i, text), ErrorCode.InvalidParameterValue);
            }
        }

        output.WriteLine(Fuzz.Summary(seed, iterations, read, "read"));
        Assert.InRange(read, 1 + iterations / 50, iterations - 1 - iterations / 10);
    }
}
