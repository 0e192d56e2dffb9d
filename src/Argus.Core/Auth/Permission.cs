namespace Argus.Core.Auth;

/// <summary>
/// What a user may do with an experiment (and its runs, metrics and artifacts) or a registered model (and its
/// versions), as MLflow's basic-auth app defines the levels. Each level includes those below it.
/// </summary>
public enum Permission
{
    /// <summary>Nothing, not even reading.</summary>
    NoPermissions = 0,

    /// <summary>Read.</summary>
    Read = 1,

    /// <summary>Read and update (log to runs, set tags, create runs and versions, move aliases).</summary>
    Edit = 2,

    /// <summary>Read, update, delete, and manage other users' permissions.</summary>
    Manage = 3,
}
