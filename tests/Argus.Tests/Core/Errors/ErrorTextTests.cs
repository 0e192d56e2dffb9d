using Argus.Core.Errors;

namespace Argus.Tests.Core.Errors;

public sealed class ErrorTextTests
{
    [Fact]
    public void Quote_ShortValue_Whole() => Assert.Equal("'abc'", ErrorText.Quote("abc"));

    [Fact]
    public void Quote_LongValue_CutWithEllipsis()
    {
        var quoted = ErrorText.Quote(new string('x', 5000));

        Assert.Equal("'" + new string('x', ErrorText.MaxQuoted) + "…'", quoted);
    }

    [Fact]
    public void Shorten_NeverSplitsASurrogatePair()
    {
        var text = new string('x', 9) + "\U0001F600" + "tail";

        Assert.Equal(new string('x', 9) + "…", ErrorText.Shorten(text, 10));
    }

    [Fact]
    public void List_ManyItems_FirstOnesAndHowManyMore()
    {
        var listed = ErrorText.List([.. Enumerable.Range(0, 25).Select(i => $"c{i}")]);

        Assert.StartsWith("c0, c1, ", listed, StringComparison.Ordinal);
        Assert.EndsWith("c19, … and 5 more", listed, StringComparison.Ordinal);
    }

    [Fact]
    public void List_FewItems_All() => Assert.Equal("a; b", ErrorText.List(["a", "b"], "; "));
}
