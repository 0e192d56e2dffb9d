using Argus.Core.Auth;
using Argus.Core.Errors;

namespace Argus.Tests.Core.Auth;

/// <summary>Tokens and their stored form; what user names and passwords may be.</summary>
public sealed class SecretsTests
{
    [Fact]
    public void NewToken_PrefixedAnd32RandomBytes_EachDifferent()
    {
        var token = Secrets.NewToken();

        Assert.StartsWith(Secrets.TokenPrefix, token, StringComparison.Ordinal);
        Assert.Equal(Secrets.TokenPrefix.Length + 43, token.Length);
        Assert.True(Secrets.LooksLikeToken(token));
        Assert.NotEqual(token, Secrets.NewToken());
    }

    [Fact]
    public void Sha256_IsTheHexDigest() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Secrets.Sha256("abc"));

    [Fact]
    public void NewPassword_24CharactersWithoutLookAlikes() =>
        Assert.Matches("^[A-HJ-NP-Za-km-z2-9]{24}$", Secrets.NewPassword());

    [Theory]
    [InlineData("")]
    [InlineData("has:colon")]
    [InlineData(" padded")]
    [InlineData("tab\there")]
    public void UserName_Invalid_Refused(string name) =>
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => AuthValidator.UserName(name)).Code);

    [Theory]
    [InlineData("short")]
    [InlineData("argus_looks-like-a-token")]
    public void Password_Invalid_RefusedWithoutRepeatingIt(string password)
    {
        var e = Assert.Throws<ArgusException>(() => AuthValidator.Password(password));
        Assert.DoesNotContain(password, e.Message, StringComparison.Ordinal);
    }
}
