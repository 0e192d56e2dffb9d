using System.Text;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Server.Serving;

namespace Argus.Tests.Server.Serving;

public sealed class ScoringInputTests
{
    // total_bill numerical; sex categorical (Female=0, Male=1); size categorical ("1"…"4"); tip is the ignored target.
    private static readonly InputSchema Schema = new(
        [
            new FeatureEncoding("total_bill", ColumnType.Numerical),
            new FeatureEncoding("sex", ColumnType.Categorical, ["Female", "Male"]),
            new FeatureEncoding("size", ColumnType.Categorical, ["1", "2", "3", "4"]),
        ],
        ["tip"]);

    private static readonly float[] TwoRows = [16.99f, 0, 1, 10.34f, 1, 2];

    private static float[] Json(string body)
    {
        using var batch = ScoringInput.ParseJson(Encoding.UTF8.GetBytes(body), Schema);
        return batch.Values.ToArray();
    }

    private static ArgusException JsonError(string body) =>
        Assert.Throws<ArgusException>(() => ScoringInput.ParseJson(Encoding.UTF8.GetBytes(body), Schema));

    [Theory]
    [InlineData("""{"dataframe_split": {"columns": ["total_bill", "sex", "size"], "data": [[16.99, "Female", 2], [10.34, "Male", "3"]]}}""")]
    [InlineData("""{"dataframe_split": {"index": [0, 1], "data": [[2, "Female", 16.99], [3, "Male", 10.34]], "columns": ["size", "sex", "total_bill"]}}""")]
    [InlineData("""{"dataframe_records": [{"total_bill": 16.99, "sex": "Female", "size": 2}, {"size": 3.0, "sex": "Male", "total_bill": 10.34}]}""")]
    [InlineData("""{"instances": [{"total_bill": 16.99, "sex": "Female", "size": "2"}, {"total_bill": 10.34, "sex": "Male", "size": 3}]}""")]
    [InlineData("""{"instances": [[16.99, "Female", 2], [10.34, "Male", 3]]}""")]
    [InlineData("""{"inputs": {"total_bill": [16.99, 10.34], "sex": ["Female", "Male"], "size": [2, 3]}}""")]
    [InlineData("""{"inputs": [[16.99, "Female", 2], [10.34, "Male", 3]], "params": {"anything": 1}}""")]
    [InlineData("""{"dataframe_split": {"data": [[16.99, "Female", 2], [10.34, "Male", 3]]}}""")]
    public void ParseJson_EveryMlflowFormat_EncodesTheSameRows(string body) => Assert.Equal(TwoRows, Json(body));

    [Fact]
    public void ParseJson_TargetColumnSent_Ignored() =>
        Assert.Equal(TwoRows[..3], Json("""{"dataframe_records": [{"total_bill": 16.99, "tip": 1.01, "sex": "Female", "size": 2}]}"""));

    [Fact]
    public void ParseJson_NullAbsentKeyAndUnseenCategory_AreMissingAndUnseenIsKept()
    {
        using var batch = ScoringInput.ParseJson(
            """{"dataframe_records": [{"total_bill": null, "sex": "Other", "size": 2}, {"total_bill": 3.5, "size": 9}]}"""u8, Schema);

        var values = batch.Values.ToArray();
        Assert.True(float.IsNaN(values[0]));
        Assert.True(float.IsNaN(values[1]));
        Assert.Equal(1f, values[2]);
        Assert.Equal(3.5f, values[3]);
        Assert.True(float.IsNaN(values[4]));
        Assert.True(float.IsNaN(values[5]));
        Assert.Equal([(0, 1, "Other"), (1, 2, "9")], batch.Unseen!);
    }

    [Fact]
    public void ParseJson_EveryMismatch_OneErrorNamingEach()
    {
        var error = JsonError("""{"dataframe_records": [{"total_bill": "abc", "colour": "red", "shoe": 1}]}""");

        Assert.Equal(ErrorCode.BadRequest, error.Code);
        Assert.Contains("missing columns: sex, size", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown columns: colour, shoe", error.Message, StringComparison.Ordinal);
        Assert.Contains("'total_bill' must be a number, got a string in row 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"data": []}""", "none of them")]
    [InlineData("""{"instances": [], "inputs": []}""", "both 'instances' and 'inputs'")]
    [InlineData("""{"instances": []}""", "no rows")]
    [InlineData("""{"instances": [[1, "Male"]]}""", "Row 0 of 'instances' has 2 values; 3 columns are expected")]
    [InlineData("""{"inputs": {"total_bill": [1, 2], "sex": ["Male"], "size": [1, 2]}}""", "'inputs.sex' has 1 values; the columns before it have 2")]
    [InlineData("""{"instances": [{"total_bill": 1, "sex": true, "size": [1]}]}""", "'size' must be a string, got a list in row 0")]
    [InlineData("""{"instances": [{"total_bill": 1e400, "sex": "Male", "size": 1}]}""", "'total_bill' must be a number, got a number out of range")]
    [InlineData("""{"instances": [{"total_bill": 1,""", "not valid JSON")]
    public void ParseJson_BadBody_BadRequestSayingWhy(string body, string expected)
    {
        var error = JsonError(body);
        Assert.Equal(ErrorCode.BadRequest, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseCsv_HeaderAndRows_EncodedLikeJson()
    {
        using var batch = ScoringInput.ParseCsv("size,sex,total_bill,tip\n2,Female,16.99,1.01\n3,Male,10.34,NA\n"u8, Schema);
        Assert.Equal(TwoRows, batch.Values.ToArray());
    }

    [Fact]
    public void ParseCsv_TextInANumericalColumn_NamesColumnAndRow()
    {
        var error = Assert.Throws<ArgusException>(() => ScoringInput.ParseCsv("total_bill,sex,size\n12,Male,2\nlots,Male,2\n"u8, Schema));
        Assert.Contains("'total_bill' must be a number, got 'lots' in row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_ManyRows_BufferGrows()
    {
        var rows = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"[{i}, \"Male\", 4]"));
        var values = Json($$"""{"instances": [{{rows}}]}""");
        Assert.Equal(3000, values.Length);
        Assert.Equal(999f, values[2997]);
    }

    // Found by fuzzing: Utf8JsonReader checks UTF-8 and \u escapes only when a string is decoded or compared, and then
    // threw InvalidOperationException, which the server answered with a 500.
    [Theory]
    [InlineData(@"{""instances"": [[16.99, ""Fem\uD800"", 2]]}")]
    [InlineData(@"{""dataframe_records"": [{""total_bill"": 1, ""s\uDC00ex"": ""Female"", ""size"": 2}]}")]
    [InlineData(@"{""input\uD800s"": [[16.99, ""Female"", 2]]}")]
    [InlineData(@"{""dataframe_split"": {""columns"": [""total_bill"", ""se\uD800x"", ""size""], ""data"": [[1, ""Female"", 2]]}}")]
    public void ParseJson_UnpairedSurrogateEscape_BadRequest(string body) =>
        Assert.Equal(ErrorCode.BadRequest, JsonError(body).Code);

    [Fact]
    public void ParseJson_InvalidUtf8InAString_BadRequest()
    {
        byte[] body = [.. """{"instances": [[16.99, "Fe"""u8, 0x9E, .. """male", 2]]}"""u8];

        var error = Assert.Throws<ArgusException>(() => ScoringInput.ParseJson(body, Schema));

        Assert.Equal(ErrorCode.BadRequest, error.Code);
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_ManyUnknownColumns_MessageNamesTheFirstTwentyAndHowManyMore()
    {
        var columns = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"unknown{i:D5}\": 1"));

        var error = JsonError($$"""{"dataframe_records": [{"total_bill": 1, "sex": "Male", "size": 2, {{columns}}}]}""");

        Assert.Contains("… and 9980 more", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 2000, $"The message is {error.Message.Length} characters long.");
    }

    [Fact]
    public void ParseCsv_HugeNonNumericCell_MessageQuotesItsStart()
    {
        var error = Assert.Throws<ArgusException>(() => ScoringInput.ParseCsv(Encoding.UTF8.GetBytes("total_bill,sex,size\n" + new string('x', 100_000) + ",Male,2\n"), Schema));

        Assert.Contains("'total_bill' must be a number, got 'xxxx", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1000, $"The message is {error.Message.Length} characters long.");
    }
}
