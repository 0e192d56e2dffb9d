namespace Argus.Core.Auth;

/// <summary>The experiment a run belongs to and the user's explicit permission on it (null: none granted).</summary>
public sealed record RunAccess(string ExperimentId, Permission? Permission);
