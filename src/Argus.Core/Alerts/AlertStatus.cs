namespace Argus.Core.Alerts;

/// <summary>An alert's state as Alertmanager reports it.</summary>
public enum AlertStatus
{
    /// <summary>The rule's condition holds (<c>firing</c>).</summary>
    Firing,

    /// <summary>The condition no longer holds (<c>resolved</c>).</summary>
    Resolved,
}
