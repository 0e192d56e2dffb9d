namespace Argus.Core.Auth;

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    public const string UserCreate = "user.create";
    public const string UserDelete = "user.delete";
    public const string UserPassword = "user.password";
    public const string UserAdmin = "user.admin";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string PermissionCreate = "permission.create";
    public const string PermissionUpdate = "permission.update";
    public const string PermissionDelete = "permission.delete";
    public const string AliasSet = "alias.set";
    public const string AliasDelete = "alias.delete";
    public const string StageTransition = "stage.transition";
}
