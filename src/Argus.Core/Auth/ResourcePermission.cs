namespace Argus.Core.Auth;

/// <summary>One grant: a user's permission on an experiment (by id) or a registered model (by name).</summary>
public sealed record ResourcePermission(ResourceKind Kind, string Resource, string UserName, long UserId, Permission Permission);
