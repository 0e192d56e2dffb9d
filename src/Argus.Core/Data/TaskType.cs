namespace Argus.Core.Data;

/// <summary>What the model predicts.</summary>
public enum TaskType
{
    Regression,
    Classification,
}
