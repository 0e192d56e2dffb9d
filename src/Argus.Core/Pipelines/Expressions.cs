using System.Globalization;
using System.Text;
using Argus.Core.Errors;

namespace Argus.Core.Pipelines;

/// <summary>
/// The expressions in step settings, read when a pipeline is validated and resolved just before a step runs:
/// <list type="bullet">
/// <item><c>${{ params.NAME }}</c>: a parameter of the run;</item>
/// <item><c>${{ steps.STEP.outputs.KEY }}</c>: an output of a step the step needs (directly or not);</item>
/// <item><c>${{ run.id }}</c>, <c>${{ run.started }}</c> (ISO 8601 UTC), <c>${{ run.scheduled_for }}</c> (the schedule's
/// tick in ISO 8601 UTC, empty for a run started by hand).</item>
/// </list>
/// Spaces inside the braces are optional; <c>$${{</c> writes a literal <c>${{</c>. Text around expressions is kept, so
/// <c>out/${{ run.id }}.html</c> works. Values are substituted once: text an expression yields is not read again.
/// </summary>
public static class Expressions
{
    private const string Open = "${{";
    private const string EscapedOpen = "$${{";
    private const string Close = "}}";
    private const string Forms = "params.NAME, steps.STEP.outputs.KEY, run.id, run.started or run.scheduled_for";

    /// <summary>The run fields <c>${{ run.FIELD }}</c> reads.</summary>
    public static IReadOnlyList<string> RunFields { get; } = ["id", "started", "scheduled_for"];

    /// <summary>The expressions in <paramref name="text"/>, in order.</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE saying what is malformed (unterminated, unknown form).</exception>
    public static IReadOnlyList<ExpressionReference> Parse(string text) => TryParse(text, out var template, out var error)
        ? template.References
        : throw ArgusException.InvalidParameter(error);

    /// <summary>Whether <paramref name="text"/> holds an expression (an unescaped <c>${{</c>).</summary>
    public static bool HasExpressions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = text.IndexOf(Open, StringComparison.Ordinal); i >= 0; i = text.IndexOf(Open, i + Open.Length, StringComparison.Ordinal))
        {
            if (i == 0 || text[i - 1] != '$')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes <paramref name="literal"/> so that it reads back as itself: every <c>${{</c> becomes <c>$${{</c>.</summary>
    public static string Escape(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        return literal.Replace(Open, EscapedOpen, StringComparison.Ordinal);
    }

    /// <summary>
    /// <paramref name="text"/> with every expression replaced by its value in <paramref name="scope"/>.
    /// <paramref name="location"/> starts error messages (<c>step 'train' setting 'data'</c>).
    /// </summary>
    /// <exception cref="ArgusException">
    /// INVALID_PARAMETER_VALUE: malformed text, an unknown parameter, a step without outputs in the scope, or an output
    /// the step did not produce (naming those it did).
    /// </exception>
    public static string Resolve(string text, ExpressionScope scope, string? location = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var prefix = location is null ? string.Empty : location + ": ";
        if (!TryParse(text, out var template, out var error))
        {
            throw ArgusException.InvalidParameter(prefix + error);
        }

        var value = new StringBuilder(text.Length);
        foreach (var part in template.Parts)
        {
            value.Append(part.Reference is { } reference ? Value(reference, scope, prefix) : part.Literal);
        }

        return value.ToString();
    }

    /// <summary>A setting with its expressions resolved; a list has each element resolved.</summary>
    /// <exception cref="ArgusException">As <see cref="Resolve(string, ExpressionScope, string?)"/>.</exception>
    public static StepValue Resolve(StepValue value, ExpressionScope scope, string? location = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.List is { } list
            ? StepValue.Of([.. list.Select(item => Resolve(item, scope, location))])
            : StepValue.Of(Resolve(value.Text ?? string.Empty, scope, location));
    }

    /// <summary>Every setting of <paramref name="step"/> resolved: what <see cref="Steps.StepContext.Settings"/> holds.</summary>
    /// <exception cref="ArgusException">As <see cref="Resolve(string, ExpressionScope, string?)"/>, naming the step and setting.</exception>
    public static IReadOnlyDictionary<string, StepValue> ResolveSettings(StepDefinition step, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.With.ToDictionary(
            setting => setting.Key,
            setting => Resolve(setting.Value, scope, $"step '{step.Name}' setting '{setting.Key}'"),
            StringComparer.Ordinal);
    }

    /// <summary>Formats an instant as <c>${{ run.started }}</c> does: <c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC.</summary>
    public static string FormatInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static bool TryParse(string text, out ExpressionTemplate template, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<ExpressionTemplate.Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (string.CompareOrdinal(text, i, EscapedOpen, 0, EscapedOpen.Length) == 0)
            {
                literal.Append(Open);
                i += EscapedOpen.Length;
                continue;
            }

            if (string.CompareOrdinal(text, i, Open, 0, Open.Length) != 0)
            {
                literal.Append(text[i++]);
                continue;
            }

            var end = text.IndexOf(Close, i + Open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                template = ExpressionTemplate.Empty;
                error = $"'{text[i..]}' does not end with }}}}; write $${{{{ for a literal ${{{{";
                return false;
            }

            var inner = text[(i + Open.Length)..end].Trim();
            if (!TryParseReference(inner, out var reference, out error))
            {
                template = ExpressionTemplate.Empty;
                return false;
            }

            if (literal.Length > 0)
            {
                parts.Add(new ExpressionTemplate.Part(literal.ToString(), null));
                literal.Clear();
            }

            parts.Add(new ExpressionTemplate.Part(string.Empty, reference));
            i = end + Close.Length;
        }

        if (literal.Length > 0)
        {
            parts.Add(new ExpressionTemplate.Part(literal.ToString(), null));
        }

        template = new ExpressionTemplate(parts);
        error = string.Empty;
        return true;
    }

    /// <summary>Whether <paramref name="name"/> may be a step, parameter or output name: letters, digits, '-', '_'.</summary>
    internal static bool IsName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static bool TryParseReference(string inner, out ExpressionReference reference, out string error)
    {
        reference = null!;
        error = string.Empty;
        var written = "${{ " + inner + " }}";
        if (inner.Length == 0)
        {
            error = $"'{written}' is empty; expressions read {Forms}";
            return false;
        }

        var segments = inner.Split('.');
        switch (segments[0])
        {
            case "params":
                if (segments.Length == 2 && IsName(segments[1]))
                {
                    reference = new ExpressionReference(ExpressionSource.Parameter, segments[1], null);
                    return true;
                }

                error = $"'{written}' is not an expression: write params.NAME";
                return false;
            case "steps":
                if (segments.Length >= 4 && IsName(segments[1]) && segments[2] == "outputs" && segments.Skip(3).All(IsName))
                {
                    reference = new ExpressionReference(ExpressionSource.StepOutput, segments[1], string.Join('.', segments.Skip(3)));
                    return true;
                }

                error = $"'{written}' is not an expression: write steps.STEP.outputs.KEY";
                return false;
            case "run":
                if (segments.Length == 2 && RunFields.Contains(segments[1]))
                {
                    reference = new ExpressionReference(ExpressionSource.Run, segments[1], null);
                    return true;
                }

                error = $"'{written}' is not an expression: run has {string.Join(", ", RunFields)}";
                return false;
            default:
                error = $"'{written}' is not an expression: expressions read {Forms}";
                return false;
        }
    }

    private static string Value(ExpressionReference reference, ExpressionScope scope, string prefix)
    {
        switch (reference.Source)
        {
            case ExpressionSource.Parameter:
                return scope.Parameters.TryGetValue(reference.Name, out var parameter)
                    ? parameter
                    : throw ArgusException.InvalidParameter(
                        $"{prefix}{reference.Text} — the run has no parameter '{reference.Name}'; its parameters: {List(scope.Parameters.Keys)}");
            case ExpressionSource.StepOutput:
                if (!scope.Outputs.TryGetValue(reference.Name, out var outputs))
                {
                    throw ArgusException.InvalidParameter($"{prefix}{reference.Text} — step '{reference.Name}' has not succeeded in this run");
                }

                return outputs.TryGetValue(reference.Output!, out var output)
                    ? output
                    : throw ArgusException.InvalidParameter(
                        $"{prefix}{reference.Text} — step '{reference.Name}' produced no output '{reference.Output}'; it produced: {List(outputs.Keys)}");
            default:
                return reference.Name switch
                {
                    "id" => scope.RunId,
                    "started" => FormatInstant(scope.Started),
                    _ => scope.ScheduledFor is { } tick ? FormatInstant(tick) : string.Empty,
                };
        }
    }

    private static string List(IEnumerable<string> names)
    {
        var text = string.Join(", ", names);
        return text.Length == 0 ? "none" : text;
    }
}
