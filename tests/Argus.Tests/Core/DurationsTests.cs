using Argus.Core;

namespace Argus.Tests.Core;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("30d", 30 * 86_400)]
    [InlineData("12h", 12 * 3_600)]
    [InlineData("90m", 90 * 60)]
    [InlineData("45s", 45)]
    [InlineData("1d12h", 86_400 + (12 * 3_600))]
    [InlineData("2H", 2 * 3_600)]
    public void TryParse_ValidText_ReturnsDuration(string text, long seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("d")]
    [InlineData("3x")]
    [InlineData("1.5h")]
    [InlineData("-1d")]
    [InlineData("99999999999999999999d")]
    [InlineData("10675200d")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }
}
