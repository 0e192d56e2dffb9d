using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Tests.Core.Data;

public sealed class ColumnMappingTests
{
    [Fact]
    public void ParseYaml_AllKeys_Bound()
    {
        var mapping = ColumnMapping.ParseYaml("""
            target: tip
            task: regression
            id: row
            numerical_features: [total_bill]
            categorical_features:
              - sex
              - size
            """);
        Assert.Equal("tip", mapping.Target);
        Assert.Equal("regression", mapping.Task);
        Assert.Equal("row", mapping.Id);
        Assert.Equal(["total_bill"], mapping.NumericalFeatures!);
        Assert.Equal(["sex", "size"], mapping.CategoricalFeatures!);
        Assert.Null(mapping.TextFeatures);
    }

    [Fact]
    public void ParseJson_SnakeCaseKeys_Bound()
    {
        var mapping = ColumnMapping.ParseJson("""{"target":"tip","text_features":["note"],"datetime":"ts"}""");
        Assert.Equal("tip", mapping.Target);
        Assert.Equal("ts", mapping.Datetime);
        Assert.Equal(["note"], mapping.TextFeatures!);
    }

    [Fact]
    public void ParseYaml_UnknownKey_InvalidParameter()
    {
        var e = Assert.Throws<ArgusException>(() => ColumnMapping.ParseYaml("target: tip\ntargett: x\n", "m.yaml"));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.StartsWith("m.yaml line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_UnknownKey_InvalidParameter()
    {
        var e = Assert.Throws<ArgusException>(() => ColumnMapping.ParseJson("""{"target":"tip","tasks":"x"}""", "m.json"));
        Assert.StartsWith("m.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ByExtension_YamlAndJsonAgree()
    {
        var dir = Directory.CreateTempSubdirectory("argus-mapping-");
        try
        {
            var yaml = Path.Combine(dir.FullName, "m.yml");
            var json = Path.Combine(dir.FullName, "m.json");
            File.WriteAllText(yaml, "target: tip\ncategorical_features: [day]\n");
            File.WriteAllText(json, """{"target":"tip","categorical_features":["day"]}""");
            var a = ColumnMapping.Load(yaml);
            var b = ColumnMapping.Load(json);
            Assert.Equal(a.Target, b.Target);
            Assert.Equal(a.CategoricalFeatures!, b.CategoricalFeatures!);
            Assert.Throws<ArgusException>(() => ColumnMapping.Load(Path.Combine(dir.FullName, "m.txt")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
