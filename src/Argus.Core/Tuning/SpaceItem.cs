namespace Argus.Core.Tuning;

/// <summary>
/// One entry of the compiled tree: a constant or a dimension, active when its parent choice took
/// <see cref="ParentBranch"/> (or always, for top-level items).
/// </summary>
internal sealed class SpaceItem(string key, Dimension? dimension, object? constant, int parentId, int parentBranch)
{
    public string Key { get; } = key;

    public Dimension? Dimension { get; } = dimension;

    public object? Constant { get; } = constant;

    /// <summary>The parent choice's dimension id, or -1 at the top level.</summary>
    public int ParentId { get; } = parentId;

    public int ParentBranch { get; } = parentBranch;

    /// <summary>For a choice, the items of each option's branch (empty for constant options).</summary>
    public SpaceItem[][] Branches { get; set; } = [];
}
