using Argus.Core.Tracking;

namespace Argus.Core.Alerts;

/// <summary>
/// The alerts Alertmanager sent, kept beside the tracking data. Each alert is stored once per
/// (fingerprint, starts at, status), however often and however concurrently it is received.
/// </summary>
public interface IAlertStore
{
    /// <summary>Stores the alerts not stored yet, in one transaction.</summary>
    /// <returns>The alerts that were new, in the order given; duplicates (stored before, or repeated in the batch) are left out.</returns>
    Task<IReadOnlyList<ReceivedAlert>> AddAlertsAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken);

    /// <summary>One page of the stored alerts that match, newest received first.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for a bad page size or page token.</exception>
    Task<Page<ReceivedAlert>> SearchAlertsAsync(AlertQuery query, CancellationToken cancellationToken);
}
