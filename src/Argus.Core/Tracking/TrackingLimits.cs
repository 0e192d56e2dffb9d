namespace Argus.Core.Tracking;

/// <summary>MLflow's validation limits (mlflow/utils/validation.py), which Argus enforces the same way.</summary>
public static class TrackingLimits
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsPerBatch = 100;
    public const int MaxTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;
    public const int MaxEntityKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxRunTagValueLength = 8000;
    public const int MaxExperimentTagValueLength = 5000;
    public const int MaxExperimentNameLength = 500;
    public const int MaxDatasetNameLength = 500;
    public const int MaxDatasetDigestLength = 36;
    public const int MaxDatasetSourceLength = 65_535;
    public const int MaxDatasetSchemaLength = 1_048_575;
    public const int MaxDatasetProfileLength = 16_777_215;
    public const int MaxInputTagKeyLength = 255;
    public const int MaxInputTagValueLength = 500;
    public const int MaxRunNameLength = 250;
}
