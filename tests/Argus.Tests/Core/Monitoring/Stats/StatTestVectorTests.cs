using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Stats;

namespace Argus.Tests.Core.Monitoring.Stats;

/// <summary>
/// Every stat test against the SciPy/numpy vectors of generate_vectors.py: the score must equal Evidently's to
/// 1e-9 absolute, and where Evidently (SciPy) raises, Argus must raise an <see cref="ArgusException"/>.
/// </summary>
public sealed class StatTestVectorTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string, int, string> Cases => StatVectors.AllCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_ScipyVector_MatchesEvidentlyScore(string stattest, int index, string caseName)
    {
        var vector = StatVectors.Case(stattest, index);
        var test = StatTests.Get(stattest);
        var kind = vector.TryGetProperty("kind", out var k) ? k.GetString() : "num";
        Func<StatTestResult> run;
        if (kind == "cat")
        {
            run = () => test.Run(StatVectors.Categories(vector.GetProperty("reference"), vector.GetProperty("current")));
        }
        else
        {
            var reference = StatVectors.Numbers(vector.GetProperty("reference"));
            var current = StatVectors.Numbers(vector.GetProperty("current"));
            run = () =>
            {
                var samples = NumericSamples.Create(reference, current);
                return test.Supports(ColumnType.Numerical) ? test.Run(samples) : test.RunUnchecked(samples, null, 0);
            };
        }

        if (vector.TryGetProperty("error", out var error))
        {
            var thrown = Assert.Throws<ArgusException>(() => run());
            Assert.False(string.IsNullOrWhiteSpace(thrown.Message), $"{caseName}: SciPy raised {error.GetString()}");
            return;
        }

        var expected = StatVectors.Expected(vector, "score")!.Value;
        StatVectors.AssertClose(expected, run().Score, Tolerance, $"{stattest} {caseName}");
    }
}
