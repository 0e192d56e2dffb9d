using Argus.Core.Errors;
using Argus.Core.Tracking.Sql;
using Microsoft.Data.Sqlite;

namespace Argus.Tests.Core.Tracking.Sql;

public sealed class SqlParametersTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("ünïcödé \U0001F600 paired")]
    [InlineData("\uD83D\uDE00")]
    public void IsStorableText_TextWithoutNulOrLoneSurrogate_True(string text) => Assert.True(SqlParameters.IsStorableText(text));

    [Theory]
    [InlineData(@"\u0000")]
    [InlineData(@"a\u0000b")]
    [InlineData(@"\uD800")]
    [InlineData(@"x\uDC00")]
    [InlineData(@"\uD83D\uDE00\uDE00")]
    [InlineData(@"\uD83Dx")]
    public void IsStorableText_NulOrLoneSurrogate_False(string escaped) =>
        Assert.False(SqlParameters.IsStorableText(System.Text.RegularExpressions.Regex.Unescape(escaped)));

    [Fact]
    public void BindTo_UnstorableTextOrTextArray_InvalidParameterBeforeAnyDatabaseSeesIt()
    {
        using var command = new SqliteCommand();
        var text = new SqlParameters();
        text.Add("fine");
        text.Add("a\0b");
        var array = new SqlParameters();
        array.Add(new[] { "ok", "\uD800" });

        var e = Assert.Throws<ArgusException>(() => text.BindTo(command));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => array.BindTo(command)).Code);
    }
}
