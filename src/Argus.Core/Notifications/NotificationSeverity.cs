namespace Argus.Core.Notifications;

/// <summary>How bad a notification is.</summary>
public enum NotificationSeverity
{
    /// <summary>For the record: nothing to do.</summary>
    Info,

    /// <summary>Someone should look (drift detected).</summary>
    Warning,

    /// <summary>Something failed (a test suite, a pipeline).</summary>
    Critical,
}
