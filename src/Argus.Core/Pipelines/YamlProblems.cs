using System.Globalization;
using Argus.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Argus.Core.Pipelines;

/// <summary>The problems found in a YAML file, each with the line and column it is at, reported together.</summary>
internal sealed class YamlProblems
{
    private readonly List<(long Line, long Column, int Order, string Message)> _problems = [];

    public int Count => _problems.Count;

    public void Add(YamlNode? node, string message) => Add(node?.Start, message);

    public void Add(Mark? mark, string message) =>
        _problems.Add((mark?.Line ?? long.MaxValue, mark?.Column ?? 0, _problems.Count, message));

    /// <summary>One INVALID_PARAMETER_VALUE whose message lists every problem on its own line, in file order.</summary>
    public ArgusException ToException(string sourceName)
    {
        var lines = _problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ThenBy(p => p.Order).Select(p => p.Line == long.MaxValue
            ? "  " + p.Message
            : string.Create(CultureInfo.InvariantCulture, $"  line {p.Line}, column {p.Column}: {p.Message}"));
        var count = _problems.Count == 1 ? "1 problem" : $"{_problems.Count} problems";
        return ArgusException.InvalidParameter($"{sourceName} is not a valid pipeline ({count}):\n{string.Join('\n', lines)}");
    }
}
