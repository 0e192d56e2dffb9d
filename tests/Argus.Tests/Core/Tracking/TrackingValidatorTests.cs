using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Tests.Core.Tracking;

public sealed class TrackingValidatorTests
{
    [Theory]
    [InlineData("rmse")]
    [InlineData("val/rmse")]
    [InlineData("a b.c-d_e:f")]
    [InlineData("x..y")]
    public void EntityKey_ValidNames_Accepted(string key) => TrackingValidator.EntityKey(key, "metric");

    [Theory]
    [InlineData("a*b", "Names may only contain")]
    [InlineData("a\\b", "Names may only contain")]
    [InlineData("../x", "resolve")]
    [InlineData("..", "resolve")]
    [InlineData("a/../b", "resolve")]
    [InlineData("/abs", "resolve")]
    [InlineData("a//b", "resolve")]
    [InlineData("a/", "resolve")]
    [InlineData("./a", "resolve")]
    [InlineData(".", "resolve")]
    [InlineData("", "must be provided")]
    public void EntityKey_BadNames_InvalidParameterWithReason(string key, string reason)
    {
        var e = Assert.Throws<ArgusException>(() => TrackingValidator.EntityKey(key, "metric"));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EntityKey_TooLong_Rejected()
    {
        TrackingValidator.EntityKey(new string('k', 250), "param");
        var e = Assert.Throws<ArgusException>(() => TrackingValidator.EntityKey(new string('k', 251), "param"));
        Assert.Contains("250", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b/../c", "a/c")]
    [InlineData("//x", "//x")]
    [InlineData("///x", "/x")]
    [InlineData("a/./b/", "a/b")]
    [InlineData("../../a", "../../a")]
    [InlineData("/..", "/")]
    [InlineData("", ".")]
    public void NormalizePath_MatchesPosixNormpath(string path, string expected) =>
        Assert.Equal(expected, TrackingValidator.NormalizePath(path));

    [Fact]
    public void Batch_DuplicateParamKeysWithDifferentValues_Rejected()
    {
        var e = Assert.Throws<ArgusException>(() => TrackingValidator.Batch([], [new Param("a", "1"), new Param("a", "2")], []));
        Assert.Contains("Duplicate parameter keys", e.Message, StringComparison.Ordinal);
        TrackingValidator.Batch([], [new Param("a", "1"), new Param("a", "1")], []);
    }

    [Fact]
    public void Batch_MoreThanThousandEntitiesInTotal_Rejected()
    {
        var metrics = Enumerable.Range(0, 950).Select(i => new Metric("m", i, 0, i)).ToList();
        var tags = Enumerable.Range(0, 60).Select(i => new Tag($"t{i}", "v")).ToList();
        var e = Assert.Throws<ArgusException>(() => TrackingValidator.Batch(metrics, [], tags));
        Assert.Contains("1010", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_NegativeTimestamp_Rejected() =>
        Assert.Throws<ArgusException>(() => TrackingValidator.Metric(new Metric("m", 1, -1, 0)));

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("run-1_ok", true)]
    [InlineData("-starts-with-dash", false)]
    [InlineData("has space", false)]
    [InlineData("x'; DROP TABLE runs; --", false)]
    public void RunId_Pattern(string id, bool valid)
    {
        if (valid)
        {
            TrackingValidator.RunId(id);
        }
        else
        {
            Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => TrackingValidator.RunId(id)).Code);
        }
    }

    [Theory]
    [InlineData(null, 1000)]
    [InlineData(1, 1)]
    [InlineData(50000, 50000)]
    public void MaxResults_InRange_Returned(int? given, int expected) =>
        Assert.Equal(expected, TrackingValidator.MaxResults(given, 1000, 50000));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(50001)]
    public void MaxResults_OutOfRange_Rejected(int given) =>
        Assert.Throws<ArgusException>(() => TrackingValidator.MaxResults(given, 1000, 50000));
}
