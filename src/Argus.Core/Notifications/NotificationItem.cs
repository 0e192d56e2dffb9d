namespace Argus.Core.Notifications;

/// <summary>One finding: a drifted column (<c>total_bill</c>, <c>wasserstein</c>, 0.21, 0.1) or a failed test.</summary>
/// <param name="Name">What the finding is about: a column, a test.</param>
/// <param name="Test">The statistical test or condition applied.</param>
/// <param name="Score">The value found (NaN when there is none).</param>
/// <param name="Threshold">The value it was compared with (NaN when there is none).</param>
/// <param name="Detail">A short extra, e.g. <c>p-value</c> or <c>lt 0.5</c>; may be empty.</param>
public sealed record NotificationItem(string Name, string Test, double Score, double Threshold, string Detail = "");
