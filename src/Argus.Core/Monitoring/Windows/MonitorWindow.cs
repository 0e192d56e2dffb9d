using Argus.Core.Monitoring.Reports;

namespace Argus.Core.Monitoring.Windows;

/// <summary>One window <see cref="MonitorJob"/> looked at: computed now (with its run and report), or done before.</summary>
/// <param name="Start">The window's start (inclusive), UTC.</param>
/// <param name="End">Its end (exclusive).</param>
/// <param name="Rows">Prediction rows in it (0 when skipped).</param>
/// <param name="RunId">The run that holds its results.</param>
/// <param name="Skipped">True when an earlier run had already computed it.</param>
/// <param name="Report">The report computed now, or null when skipped.</param>
/// <param name="Notified">What the notification channels said, when the window's drift was sent to them.</param>
/// <param name="ReferenceNote">Why the reference could not be scored by the window's version (it was compared unscored), or null.</param>
public sealed record MonitorWindow(DateTimeOffset Start, DateTimeOffset End, int Rows, string RunId, bool Skipped, MonitoringReport? Report,
    IReadOnlyList<Argus.Core.Notifications.ChannelResult>? Notified = null, string? ReferenceNote = null);
