using Argus.Core.Data;

namespace Argus.Tests.Core.Data;

public sealed class DatasetDigestTests
{
    private const string Csv = "name,score,note\nann,1.5,\"two\nlines\"\nbob,NA,plain\n";

    private static DatasetDigest Of(string csv) => DatasetDigest.Compute(DataFixtures.Read(csv));

    [Fact]
    public void Compute_CrlfAndBom_SameDigest()
    {
        var lf = Of(Csv);
        var crlf = Of(Csv.Replace("\n", "\r\n", StringComparison.Ordinal));
        var bom = Of("\uFEFF" + Csv.Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(lf, crlf);
        Assert.Equal(lf, bom);
        Assert.Equal(64, lf.Sha256.Length);
        Assert.Equal(lf.Sha256[..8], lf.Short);
    }

    [Fact]
    public void Compute_ChangedCell_DifferentDigest()
    {
        Assert.NotEqual(Of(Csv).Sha256, Of(Csv.Replace("bob", "bib", StringComparison.Ordinal)).Sha256);
        Assert.NotEqual(Of(Csv).Sha256, Of(Csv.Replace("1.5", "1.25", StringComparison.Ordinal)).Sha256);
    }

    [Fact]
    public void Compute_TipsFileFromDisk_MatchesSameTextInMemory()
    {
        var fromDisk = DatasetDigest.Compute(DataFixtures.Tips());
        var crlf = File.ReadAllText(DataFixtures.TipsPath).Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.Equal(fromDisk, DatasetDigest.Compute(TableLoader.Read(new StringReader(crlf), "tips.csv")));
    }
}
