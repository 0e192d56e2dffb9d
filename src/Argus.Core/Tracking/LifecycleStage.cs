namespace Argus.Core.Tracking;

/// <summary>Soft-delete state of experiments and runs, as written on the wire.</summary>
public static class LifecycleStage
{
    public const string Active = "active";
    public const string Deleted = "deleted";

    /// <summary>The stages a view type selects.</summary>
    public static IReadOnlyList<string> For(ViewType view) => view switch
    {
        ViewType.ActiveOnly => [Active],
        ViewType.DeletedOnly => [Deleted],
        _ => [Active, Deleted],
    };
}
