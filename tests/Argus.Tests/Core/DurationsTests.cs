using Argus.Core;

namespace Argus.Tests.Core;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("10m", 600_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1m30s250ms", 90_250)]
    [InlineData(" 2MS ", 2)]
    [InlineData("1d12h", 129_600_000)]
    [InlineData("2H", 7_200_000)]
    public void TryParse_Valid_Milliseconds(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("ms")]
    [InlineData("5x")]
    [InlineData("1.5h")]
    [InlineData("5 minutes")]
    [InlineData("-1d")]
    [InlineData("99999999999999999999d")]
    [InlineData("10675200d")]
    public void TryParse_Invalid_False(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(500, "500ms")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(90_061_001, "1d1h1m1s1ms")]
    public void Format_Duration_ReadsBack(long milliseconds, string expected)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(expected, Durations.Format(duration));
        Assert.True(Durations.TryParse(expected, out var back));
        Assert.Equal(duration, back);
    }
}
