using Argus.Core.Auth;

namespace Argus.Tests.Core.Auth;

/// <summary>PBKDF2-SHA256 password hashes: salted per hash, the iteration count stored with it, verified against it.</summary>
public sealed class PasswordHasherTests
{
    private const int Iterations = PasswordHasher.MinimumIterations;

    [Fact]
    public void Hash_HasSchemeIterationsSaltAndHash_AndVerifiesOnlyItsPassword()
    {
        var hash = PasswordHasher.Hash("correct horse", Iterations);

        var parts = hash.Split('$');
        Assert.Equal(["pbkdf2-sha256", "210000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.True(PasswordHasher.Verify("correct horse", hash));
        Assert.False(PasswordHasher.Verify("correct horse ", hash));
        Assert.False(PasswordHasher.Verify("Correct horse", hash));
        Assert.False(PasswordHasher.Verify(string.Empty, hash));
    }

    [Fact]
    public void Hash_SamePasswordTwice_DifferentSaltsAndHashes()
    {
        var first = PasswordHasher.Hash("same password", Iterations);
        var second = PasswordHasher.Hash("same password", Iterations);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.Split('$')[2], second.Split('$')[2]);
        Assert.True(PasswordHasher.Verify("same password", first));
        Assert.True(PasswordHasher.Verify("same password", second));
    }

    [Fact]
    public void Verify_UsesTheIterationCountStoredWithTheHash()
    {
        var hash = PasswordHasher.Hash("pw-with-more-work", 250_000);

        Assert.Equal(250_000, PasswordHasher.IterationsOf(hash));
        Assert.True(PasswordHasher.Verify("pw-with-more-work", hash));
        var tampered = hash.Replace("$250000$", "$210000$", StringComparison.Ordinal);
        Assert.False(PasswordHasher.Verify("pw-with-more-work", tampered));
    }

    [Fact]
    public void Verify_KnownVector_MatchesRfc8018Pbkdf2()
    {
        // PBKDF2-HMAC-SHA256("password", "salt", 1 iteration, 32 bytes), the widely published test vector.
        var stored = "pbkdf2-sha256$1$" + Convert.ToBase64String("salt"u8) + "$" +
                     Convert.ToBase64String(Convert.FromHexString("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"));

        Assert.True(PasswordHasher.Verify("password", stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text")]
    [InlineData("pbkdf2-sha256$x$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$not base64$aGFzaA==")]
    [InlineData("bcrypt$1000$c2FsdA==$aGFzaA==")]
    public void Verify_MalformedHash_False(string stored) => Assert.False(PasswordHasher.Verify("anything", stored));

    [Fact]
    public void Hash_FewerIterationsThanTheFloor_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordHasher.Hash("pw", PasswordHasher.MinimumIterations - 1));
}
