using System.Data.Common;
using System.Globalization;
using System.Text;
using Argus.Core.Alerts;
using Argus.Core.Errors;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// Alerts from Alertmanager's webhook, in the same database as tracking. An insert that meets the unique
/// (fingerprint, starts_at, status) key does nothing, so re-sends, retries and concurrent posts of one alert leave
/// one row; on PostgreSQL a second writer waits on the first's uncommitted row and then skips it. Listing is
/// newest received first, paged by position (received_at, id) so alerts arriving meanwhile never shift a page.
/// </summary>
internal abstract partial class SqlTrackingStore : IAlertStore
{
    private const string AlertColumns =
        "a.id, a.fingerprint, a.status, a.labels, a.annotations, a.starts_at, a.ends_at, a.generator_url, a.receiver, a.group_key, a.external_url, a.received_at";

    public async Task<IReadOnlyList<ReceivedAlert>> AddAlertsAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Count == 0)
        {
            return [];
        }

        var receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(Now);
        var ids = new long?[alerts.Count];

        // Inserting in key order makes concurrent batches lock their rows in the same order: no deadlocks on PostgreSQL.
        var order = Enumerable.Range(0, alerts.Count)
            .OrderBy(i => alerts[i].Fingerprint, StringComparer.Ordinal)
            .ThenBy(i => alerts[i].StartsAt.ToUnixTimeMilliseconds())
            .ThenBy(i => alerts[i].Status)
            .ToList();
        await using (var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var i in order)
            {
                var alert = alerts[i];
                var p = new SqlParameters();
                var id = await ScalarAsync(scope,
                    "INSERT INTO alerts (fingerprint, status, alertname, labels, annotations, starts_at, ends_at, generator_url, receiver, group_key, external_url, received_at) " +
                    $"VALUES ({p.Add(alert.Fingerprint)}, {p.Add(AlertJson.StatusText(alert.Status))}, {p.Add(alert.AlertName)}, {p.Add(AlertJson.ToJson(alert.Labels))}, " +
                    $"{p.Add(AlertJson.ToJson(alert.Annotations))}, {p.Add(alert.StartsAt.ToUnixTimeMilliseconds())}, {p.Add(alert.EndsAt?.ToUnixTimeMilliseconds())}, " +
                    $"{p.Add(alert.GeneratorUrl)}, {p.Add(alert.Receiver)}, {p.Add(alert.GroupKey)}, {p.Add(alert.ExternalUrl)}, {p.Add(receivedAt.ToUnixTimeMilliseconds())}) " +
                    "ON CONFLICT (fingerprint, starts_at, status) DO NOTHING RETURNING id",
                    p, cancellationToken).ConfigureAwait(false);
                ids[i] = id is null ? null : Convert.ToInt64(id, CultureInfo.InvariantCulture);
            }

            await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var added = new List<ReceivedAlert>();
        for (var i = 0; i < alerts.Count; i++)
        {
            if (ids[i] is { } id)
            {
                added.Add(new ReceivedAlert(id, receivedAt, alerts[i]));
            }
        }

        return added;
    }

    public async Task<Page<ReceivedAlert>> SearchAlertsAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = TrackingValidator.MaxResults(query.MaxResults, AlertQuery.DefaultMaxResults, AlertQuery.MaxMaxResults);
        var p = new SqlParameters();
        var where = new List<string>();
        if (query.Status is { } status)
        {
            where.Add($"a.status = {p.Add(AlertJson.StatusText(status))}");
        }

        if (!string.IsNullOrEmpty(query.AlertName))
        {
            where.Add($"a.alertname = {p.Add(query.AlertName)}");
        }

        foreach (var (key, value) in query.Labels)
        {
            where.Add(Dialect.JsonHas("a.labels", p.Add(key), p.Add(value)));
        }

        if (DecodeAlertToken(query.PageToken) is var (receivedAt, id))
        {
            where.Add($"(a.received_at < {p.Add(receivedAt)} OR (a.received_at = {p.Add(receivedAt)} AND a.id < {p.Add(id)}))");
        }

        var sql = $"SELECT {AlertColumns} FROM alerts a" +
                  (where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where)) +
                  $" ORDER BY a.received_at DESC, a.id DESC LIMIT {p.Add((long)limit + 1)}";
        var rows = new List<ReceivedAlert>();
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var cmd = Command(connection, null, sql, p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(ReadAlert(reader));
            }
        }

        if (rows.Count <= limit)
        {
            return new Page<ReceivedAlert>(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        var last = rows[^1];
        return new Page<ReceivedAlert>(rows, EncodeAlertToken(last.ReceivedAt.ToUnixTimeMilliseconds(), last.Id));
    }

    private static ReceivedAlert ReadAlert(DbDataReader reader)
    {
        var status = reader.GetString(2) switch
        {
            "firing" => AlertStatus.Firing,
            "resolved" => AlertStatus.Resolved,
            var text => throw new ArgusException(ErrorCode.InternalError, $"Unknown alert status '{text}' in the database."),
        };
        var alert = new Alert
        {
            Fingerprint = reader.GetString(1),
            Status = status,
            Labels = AlertJson.FromJson(reader.GetString(3)),
            Annotations = AlertJson.FromJson(reader.GetString(4)),
            StartsAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            EndsAt = reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
            GeneratorUrl = reader.IsDBNull(7) ? null : reader.GetString(7),
            Receiver = reader.IsDBNull(8) ? null : reader.GetString(8),
            GroupKey = reader.IsDBNull(9) ? null : reader.GetString(9),
            ExternalUrl = reader.IsDBNull(10) ? null : reader.GetString(10),
        };
        return new ReceivedAlert(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)), alert);
    }

    // The token is the last row's position: "received_at:id", base64.
    private static string EncodeAlertToken(long receivedAt, long id) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{receivedAt}:{id}")));

    private static (long ReceivedAt, long Id)? DecodeAlertToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(token)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var receivedAt)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return (receivedAt, id);
            }
        }
        catch (FormatException)
        {
            // Fall through to the one error below.
        }

        throw ArgusException.InvalidParameter($"Invalid page token '{token}'.");
    }
}
