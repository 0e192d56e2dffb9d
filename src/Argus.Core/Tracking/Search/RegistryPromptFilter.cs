using Argus.Core.Tracking.Sql;

namespace Argus.Core.Tracking.Search;

/// <summary>
/// MLflow's prompt registry keeps prompts as registered models tagged <c>mlflow.prompt.is_prompt = 'true'</c>,
/// and model searches leave them out: a model without the tag counts as <c>'false'</c>. A comparison on
/// that tag which selects prompts (<c>= 'true'</c>, <c>!= 'false'</c>) is an ordinary tag condition and
/// turns the exclusion off; any other comparison on it means "not a prompt".
/// </summary>
internal sealed class RegistryPromptFilter(string tagTable, string nameColumn)
{
    public const string IsPromptTag = "mlflow.prompt.is_prompt";

    private bool _selectsPrompts;

    /// <summary>The condition for a comparison on the prompt tag, or null for any other tag.</summary>
    public string? Tag(SqlFilterContext context, string key, ComparisonOperator op, string value)
    {
        if (key != IsPromptTag)
        {
            return null;
        }

        var isTrue = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
        var isFalse = string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
        if ((op == ComparisonOperator.Equal && isTrue) || (op == ComparisonOperator.NotEqual && isFalse))
        {
            _selectsPrompts = true;
            return $"{nameColumn} IN ({Prompts(context.Parameters)})";
        }

        return $"{nameColumn} NOT IN ({Prompts(context.Parameters)})";
    }

    /// <summary>The whole WHERE condition: the filter's, plus the exclusion of prompts unless the filter selects them.</summary>
    public string Combine(string? where, SqlParameters parameters)
    {
        if (_selectsPrompts)
        {
            return where ?? "1 = 1";
        }

        var exclusion = $"{nameColumn} NOT IN ({Prompts(parameters)})";
        return where is null ? exclusion : $"{exclusion} AND ({where})";
    }

    private string Prompts(SqlParameters parameters) =>
        $"SELECT pt.name FROM {tagTable} pt WHERE pt.key = {parameters.Add(IsPromptTag)} AND pt.value = {parameters.Add("true")}";
}
