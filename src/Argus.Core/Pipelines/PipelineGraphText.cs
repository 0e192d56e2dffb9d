using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Argus.Core.Pipelines;

/// <summary>
/// The edges of a pipeline's DAG read from its YAML without validating it: only each step's <c>name</c> and
/// <c>needs</c>, so a stored definition can be drawn without the step kinds that <see cref="PipelineYaml.Parse"/> checks.
/// Tolerant: YAML that does not parse, or a step written oddly, gives fewer edges, never an error.
/// </summary>
public static class PipelineGraphText
{
    /// <summary>
    /// Each named step's needs, as written (one name or a list), in file order; a step with no needs is absent. Empty
    /// when the text is not YAML or has no <c>steps:</c> list.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Needs(string? yaml)
    {
        var needs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return needs;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            return needs;
        }

        if (stream.Documents.Count == 0
            || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("steps"), out var steps)
            || steps is not YamlSequenceNode list)
        {
            return needs;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode step
                || !step.Children.TryGetValue(new YamlScalarNode("name"), out var nameNode)
                || nameNode is not YamlScalarNode { Value: { Length: > 0 } name }
                || !step.Children.TryGetValue(new YamlScalarNode("needs"), out var needsNode))
            {
                continue;
            }

            IEnumerable<YamlNode> items = needsNode is YamlSequenceNode sequence ? sequence.Children : [needsNode];
            var names = items
                .Where(n => !PipelineYaml.IsNull(n))
                .OfType<YamlScalarNode>()
                .Select(n => n.Value)
                .OfType<string>()
                .Where(n => n.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (names.Count > 0)
            {
                needs.TryAdd(name, names);
            }
        }

        return needs;
    }
}
