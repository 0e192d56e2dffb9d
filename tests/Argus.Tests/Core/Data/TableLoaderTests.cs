using System.Globalization;
using System.Text;
using Argus.Core.Data;

namespace Argus.Tests.Core.Data;

public sealed class TableLoaderTests
{
    [Fact]
    public void Read_RepeatedLabels_ShareOneStringPerValue_AndManyDistinctStillLoad()
    {
        var csv = new StringBuilder("label,id\n");
        for (var i = 0; i < 10_000; i++)
        {
            csv.Append(i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue").Append(',').Append("id-").Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var table = TableLoader.Read(new StringReader(csv.ToString()), "colors.csv");

        var labels = table["label"].Strings!;
        Assert.Same(labels[0], labels[3]);
        Assert.Same(labels[1], labels[9_997]);
        Assert.Equal("blue", labels[9_998]);
        // More distinct ids than the interning keeps: every value still read as written.
        var ids = table["id"].Strings!;
        Assert.Equal(10_000, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("id-9999", ids[9_999]);
    }
}
