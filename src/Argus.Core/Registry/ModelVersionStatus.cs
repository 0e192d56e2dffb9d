namespace Argus.Core.Registry;

/// <summary>MLflow's <c>ModelVersionStatus</c> names; the stores create versions <see cref="Ready"/> at once, as MLflow's do.</summary>
public static class ModelVersionStatus
{
    public const string PendingRegistration = "PENDING_REGISTRATION";
    public const string FailedRegistration = "FAILED_REGISTRATION";
    public const string Ready = "READY";
}
