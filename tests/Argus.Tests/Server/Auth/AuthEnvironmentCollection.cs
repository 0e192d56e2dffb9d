namespace Argus.Tests.Server.Auth;

/// <summary>Tests that start servers with <c>--auth</c> and no administrator password, or set <c>$ARGUS_ADMIN_PASSWORD</c>: one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AuthEnvironmentCollection
{
    public const string Name = "auth-environment";
}
