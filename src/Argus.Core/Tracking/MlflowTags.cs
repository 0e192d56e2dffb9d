namespace Argus.Core.Tracking;

/// <summary>System tags MLflow clients and UI read and write.</summary>
public static class MlflowTags
{
    public const string RunName = "mlflow.runName";
    public const string User = "mlflow.user";
    public const string ParentRunId = "mlflow.parentRunId";
    public const string SourceName = "mlflow.source.name";
    public const string SourceType = "mlflow.source.type";
    public const string Note = "mlflow.note.content";
}
