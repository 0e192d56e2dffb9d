using System.Text.RegularExpressions;

namespace Argus.Tests.Deploy;

/// <summary>
/// Finds the metric names a PromQL expression reads, roughly: strings, label matchers, ranges,
/// Grafana variables and grouping clauses are cut out, and what is left that looks like a name and
/// is neither a keyword nor a function call is a metric.
/// </summary>
public static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "Inf", "NaN",
    };

    public static IReadOnlySet<string> In(string expression)
    {
        var text = GrafanaVariable().Replace(expression, " ");
        text = StringLiteral().Replace(text, " ");
        text = LabelMatchers().Replace(text, " ");
        text = Range().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            var rest = text.AsSpan(match.Index + match.Length).TrimStart();
            if (Keywords.Contains(match.Value) || (rest.Length > 0 && rest[0] == '('))
            {
                continue;
            }

            names.Add(match.Value);
        }

        return names;
    }

    /// <summary>The metric a Grafana <c>label_values(metric, label)</c> variable query reads, if it names one.</summary>
    public static IReadOnlySet<string> InVariableQuery(string query)
    {
        var match = LabelValues().Match(query);
        return match.Success && match.Groups["metric"].Success ? In(match.Groups["metric"].Value) : new HashSet<string>();
    }

    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.:$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\s*label_values\(\s*(?:(?<metric>[^,]+?)\s*,\s*)?\w+\s*\)\s*$")]
    private static partial Regex LabelValues();
}
