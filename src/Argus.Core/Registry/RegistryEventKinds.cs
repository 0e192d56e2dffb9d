namespace Argus.Core.Registry;

/// <summary>The kinds of <see cref="RegistryEvent"/>.</summary>
public static class RegistryEventKinds
{
    /// <summary>An alias was set, moved or removed: subject = the alias; from/to = versions (null: absent).</summary>
    public const string Alias = "alias";

    /// <summary>A version changed stage: subject = the version; from/to = stages.</summary>
    public const string Stage = "stage";
}
