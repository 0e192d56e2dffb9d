using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Tests.Core.Data;

public sealed class TabularEncoderTests
{
    private const string Training = "color,size,price\nred,1.5,10\nblue,2.5,20\nred,NA,30\ngreen,4.5,40\nblue,5.5,50\nred,6.5,60\n";

    [Fact]
    public void Encode_Training_OrdinalCodesAndNaNForMissing()
    {
        var table = DataFixtures.Read(Training, new ColumnMapping { Target = "price" });
        var encoder = TabularEncoder.Fit(table);
        var encoded = encoder.Encode(table);
        Assert.Equal(["color", "size"], encoded.FeatureNames);
        Assert.Equal(["blue", "green", "red"], encoder.Features[0].Categories!);
        Assert.Equal(6, encoded.RowCount);
        Assert.Equal([2f, 1.5f, 0f, 2.5f, 2f, float.NaN], encoded.Features[..6]);
        Assert.Equal([10f, 20f, 30f, 40f, 50f, 60f], encoded.Labels!);
        Assert.Equal(0, encoded.UnseenCount);
    }

    [Fact]
    public void FromJson_RoundTrip_IdenticalEncoding()
    {
        var table = DataFixtures.Tips(new ColumnMapping { Target = "tip" });
        var encoder = TabularEncoder.Fit(table);
        var json = encoder.ToJson();
        var restored = TabularEncoder.FromJson(json);
        var a = encoder.Encode(table);
        var b = restored.Encode(table);
        Assert.Equal(a.FeatureNames, b.FeatureNames);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels!, b.Labels!);
        Assert.Equal(json, restored.ToJson());
        Assert.Contains("\"type\":\"categorical\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_UnseenCategory_NaNAndCounted()
    {
        var training = DataFixtures.Read(Training, new ColumnMapping { Target = "price" });
        var encoder = TabularEncoder.Fit(training);
        var serving = TableLoader.Read(new StringReader("color,size\npurple,1.5\nred,2.5\npurple,NA\n"), "serve.csv", training.Schema);
        var encoded = encoder.Encode(serving);
        Assert.True(float.IsNaN(encoded.Features[0]));
        Assert.Equal(2f, encoded.Features[2]);
        Assert.Equal(2, encoded.UnseenCount);
        Assert.Equal(2, encoded.UnseenByFeature["color"]);
        Assert.Null(encoded.Labels);
    }

    [Fact]
    public void Encode_Classification_LabelCodesAndClassList()
    {
        var table = DataFixtures.Tips(new ColumnMapping { Target = "day", Task = "classification" });
        var encoder = TabularEncoder.Fit(table);
        Assert.Equal(["Fri", "Sat", "Sun", "Thur"], encoder.Classes!);
        var encoded = encoder.Encode(table);
        Assert.Equal(2f, encoded.Labels![0]);
        Assert.DoesNotContain("day", encoded.FeatureNames);
    }

    [Fact]
    public void Encode_NumericClassLabels_SortedNumerically()
    {
        var csv = "x,y\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{i}.5,{(i % 3 == 0 ? "10" : i % 3 == 1 ? "2" : "1")}\n"));
        var table = DataFixtures.Read(csv, new ColumnMapping { Target = "y", Task = "classification" });
        Assert.Equal(["1", "2", "10"], TabularEncoder.Fit(table).Classes!);
    }

    [Fact]
    public void Encode_MissingRegressionTarget_NamesLine()
    {
        var training = DataFixtures.Read(Training, new ColumnMapping { Target = "price" });
        var encoder = TabularEncoder.Fit(training);
        var other = TableLoader.Read(new StringReader("color,size,price\nred,1,5\nred,2,NA\n"), "v.csv", training.Schema);
        var e = Assert.Throws<ArgusException>(() => encoder.Encode(other));
        Assert.Equal("v.csv line 3: target 'price' is missing", e.Message);
    }

    [Fact]
    public void Take_Rows_SelectsFeaturesAndLabels()
    {
        var table = DataFixtures.Read(Training, new ColumnMapping { Target = "price" });
        var encoded = TabularEncoder.Fit(table).Encode(table);
        var part = encoded.Take([3, 0]);
        Assert.Equal(2, part.RowCount);
        Assert.Equal([1f, 4.5f, 2f, 1.5f], part.Features);
        Assert.Equal([40f, 10f], part.Labels!);
    }
}
