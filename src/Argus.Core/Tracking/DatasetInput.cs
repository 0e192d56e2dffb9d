namespace Argus.Core.Tracking;

/// <summary>A dataset used by a run, with input tags such as <c>mlflow.data.context</c> = training.</summary>
public sealed record DatasetInput(IReadOnlyList<Tag> Tags, Dataset Dataset)
{
    /// <summary>The input tag naming the role a dataset played (training, evaluation…).</summary>
    public const string ContextTag = "mlflow.data.context";
}
