namespace Argus.Core.Diagnostics;

/// <summary>
/// Where Argus keeps its embedded state on this machine: <c>$ARGUS_HOME</c>, else <c>~/.argus</c>.
/// </summary>
public static class ArgusHome
{
    public const string HomeVariable = "ARGUS_HOME";
    public const string TrackingUriVariable = "ARGUS_TRACKING_URI";

    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(HomeVariable);
            return !string.IsNullOrWhiteSpace(configured)
                ? Path.GetFullPath(configured)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".argus");
        }
    }

    /// <summary>Where a server writes its inference log unless told otherwise: <c>inference</c> in the Argus home.</summary>
    public static string InferenceDirectory => Path.Combine(Directory, "inference");

    /// <summary>The embedded store: <c>sqlite:///…/argus.db</c> in the Argus home.</summary>
    public static string DefaultTrackingUri => "sqlite:///" + Path.Combine(Directory, "argus.db");

    /// <summary>The tracking URI to use when none is given: <c>$ARGUS_TRACKING_URI</c>, else the embedded store.</summary>
    public static string ResolveTrackingUri(string? explicitUri)
    {
        if (!string.IsNullOrWhiteSpace(explicitUri))
        {
            return explicitUri;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(TrackingUriVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultTrackingUri : fromEnvironment;
    }
}
