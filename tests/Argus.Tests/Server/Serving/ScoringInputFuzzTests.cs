using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Server.Serving;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Argus.Tests.Server.Serving;

/// <summary>
/// Fuzzes <see cref="ScoringInput"/>, the parser behind <c>/invocations</c> and the tracking server's predict route,
/// in process: every generated JSON or CSV body becomes a batch of whole rows or a 400 (BAD_REQUEST or
/// INVALID_PARAMETER_VALUE), never another exception.
/// </summary>
[Trait("Category", Fuzz.Category)]
public sealed class ScoringInputFuzzTests(ITestOutputHelper output)
{
    private static readonly InputSchema Schema = new(
        [
            new FeatureEncoding("total_bill", ColumnType.Numerical),
            new FeatureEncoding("sex", ColumnType.Categorical, ["Female", "Male"]),
            new FeatureEncoding("smoker", ColumnType.Categorical, ["No", "Yes"]),
            new FeatureEncoding("day", ColumnType.Categorical, ["Fri", "Sat", "Sun", "Thur"]),
            new FeatureEncoding("time", ColumnType.Categorical, ["Dinner", "Lunch"]),
            new FeatureEncoding("size", ColumnType.Categorical, ["1", "2", "3", "4", "5", "6"]),
        ],
        ["tip"]);

    [Fact]
    public void GeneratedBodies_ParseToWholeRowsOrAreRefusedAs400()
    {
        var seed = Fuzz.Seed(2718);
        var iterations = Fuzz.Iterations(3_000);
        var parsed = 0;
        for (var i = 0; i < iterations; i++)
        {
            var (body, contentType) = new ScoringBodyGenerator(Fuzz.ForIteration(seed, i)).Next();
            try
            {
                using var batch = contentType.StartsWith("text/csv", StringComparison.Ordinal) ? ScoringInput.ParseCsv(body, Schema) : ScoringInput.ParseJson(body, Schema);
                Assert.True(batch.Rows > 0, Fuzz.Where(seed, i, body));
                Assert.Equal(batch.Rows * Schema.Width, batch.Values.Length);
                parsed++;
            }
            catch (Exception e)
            {
                Fuzz.AssertRefused(e, Fuzz.Where(seed, i, body), ErrorCode.BadRequest, ErrorCode.InvalidParameterValue);
            }
        }

        output.WriteLine(Fuzz.Summary(seed, iterations, parsed, "parsed"));
        Assert.InRange(parsed, 1 + iterations / 10, iterations - 1 - iterations / 10);
    }
}
