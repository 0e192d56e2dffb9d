using Argus.Core.Alerts;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Tests.Core.Inference;

namespace Argus.Tests.Core.Alerts;

/// <summary>What every alert store must do (dedupe, concurrent duplicates, filters, paging, order); run on SQLite and PostgreSQL.</summary>
public abstract class AlertStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 31, 0, 181, TimeSpan.Zero);

    private ITrackingStore? _tracking;

    /// <summary>The store's clock: received_at moves only when a test advances it.</summary>
    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private IAlertStore Store => AlertStores.For(_tracking ?? throw new InvalidOperationException("Store not open"));

    private static CancellationToken Ct => CancellationToken.None;

    protected abstract Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options);

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _tracking = await OpenStoreAsync(new TrackingStoreOptions { TimeProvider = Clock });

    public async Task DisposeAsync()
    {
        if (_tracking is not null)
        {
            await _tracking.DisposeAsync();
        }

        await CleanupAsync();
    }

    private async Task<List<ReceivedAlert>> AllAsync(AlertQuery? query = null) =>
        [.. (await Store.SearchAlertsAsync(query ?? new AlertQuery { MaxResults = AlertQuery.MaxMaxResults }, Ct)).Items];

    [Fact]
    public async Task AddAlerts_NewAlert_StoredWithEveryField()
    {
        var alert = AlertPayloads.Alert("764411f058cebd4f", Start, labels: ("model", "tips"));

        var added = await Store.AddAlertsAsync([alert], Ct);

        var stored = Assert.Single(await AllAsync());
        Assert.Equal(Assert.Single(added).Id, stored.Id);
        Assert.Equal(Clock.GetUtcNow(), stored.ReceivedAt);
        Assert.Equal(alert.Fingerprint, stored.Alert.Fingerprint);
        Assert.Equal(AlertStatus.Firing, stored.Alert.Status);
        Assert.Equal("ModelDriftHigh", stored.Alert.AlertName);
        Assert.Equal(alert.Labels, stored.Alert.Labels);
        Assert.Equal(alert.Annotations, stored.Alert.Annotations);
        Assert.Equal(Start, stored.Alert.StartsAt);
        Assert.Null(stored.Alert.EndsAt);
        Assert.Equal(alert.GeneratorUrl, stored.Alert.GeneratorUrl);
        Assert.Equal(alert.Receiver, stored.Alert.Receiver);
        Assert.Equal(alert.GroupKey, stored.Alert.GroupKey);
        Assert.Equal(alert.ExternalUrl, stored.Alert.ExternalUrl);
    }

    [Fact]
    public async Task AddAlerts_SameFingerprintStartAndStatusAgain_KeepsOneRowAndReportsNothingNew()
    {
        var alert = AlertPayloads.Alert("f1", Start);
        Assert.Single(await Store.AddAlertsAsync([alert], Ct));
        Clock.Advance(TimeSpan.FromHours(1)); // repeat_interval later, Alertmanager sends it again

        var again = await Store.AddAlertsAsync([alert with { Receiver = "other", Annotations = new Dictionary<string, string> { ["summary"] = "changed" } }], Ct);
        var repeatedInOneBatch = await Store.AddAlertsAsync([AlertPayloads.Alert("f2", Start), AlertPayloads.Alert("f2", Start)], Ct);

        Assert.Empty(again);
        Assert.Single(repeatedInOneBatch);
        var stored = await AllAsync();
        Assert.Equal(["f2", "f1"], stored.Select(a => a.Alert.Fingerprint));
        Assert.Equal("argus", stored[1].Alert.Receiver);
    }

    [Fact]
    public async Task AddAlerts_ResolvedFollowUpOrNewStart_AreNewRows()
    {
        await Store.AddAlertsAsync([AlertPayloads.Alert("f1", Start)], Ct);

        var resolved = await Store.AddAlertsAsync([AlertPayloads.Alert("f1", Start, AlertStatus.Resolved)], Ct);
        var firesAgain = await Store.AddAlertsAsync([AlertPayloads.Alert("f1", Start.AddHours(1))], Ct);

        Assert.Equal(Start.AddMinutes(5), Assert.Single(resolved).Alert.EndsAt);
        Assert.Single(firesAgain);
        Assert.Equal(3, (await AllAsync()).Count);
    }

    [Fact]
    public async Task AddAlerts_ConcurrentPostsOfTheSameMessage_ExactlyOneRowPerAlert()
    {
        var batch = new[] { AlertPayloads.Alert("c1", Start), AlertPayloads.Alert("c2", Start), AlertPayloads.Alert("c3", Start, AlertStatus.Resolved) };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            // Each post lists the alerts in another order, as separate Alertmanager groups may.
            var order = i % 2 == 0 ? batch : [.. batch.Reverse()];
            return await Store.AddAlertsAsync(order, Ct);
        })).ToList();

        gate.SetResult();
        var results = await Task.WhenAll(posts);

        Assert.Equal(3, results.Sum(r => r.Count));
        var stored = await AllAsync();
        Assert.Equal(["c1", "c2", "c3"], stored.Select(a => a.Alert.Fingerprint).Order(StringComparer.Ordinal));
        Assert.Equal(
            results.SelectMany(r => r).Select(a => a.Id).Order(),
            stored.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task SearchAlerts_NewestReceivedFirst_IdBreaksTies()
    {
        await Store.AddAlertsAsync([AlertPayloads.Alert("a", Start.AddHours(2)), AlertPayloads.Alert("b", Start)], Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Store.AddAlertsAsync([AlertPayloads.Alert("c", Start.AddHours(-1))], Ct);

        var stored = await AllAsync();

        Assert.Equal(["c", "b", "a"], stored.Select(a => a.Alert.Fingerprint));
        Assert.True(stored[0].ReceivedAt > stored[1].ReceivedAt);
    }

    [Fact]
    public async Task SearchAlerts_Filters_StatusNameAndEveryLabel()
    {
        await Store.AddAlertsAsync(
        [
            AlertPayloads.Alert("1", Start, AlertStatus.Firing, "Drift", ("model", "tips"), ("severity", "warning")),
            AlertPayloads.Alert("1", Start, AlertStatus.Resolved, "Drift", ("model", "tips"), ("severity", "warning")),
            AlertPayloads.Alert("2", Start, AlertStatus.Firing, "Drift", ("model", "churn"), ("severity", "critical")),
            AlertPayloads.Alert("3", Start, AlertStatus.Firing, "Stale", ("model", "tips"), ("job", "it's \"quoted\"")),
        ], Ct);

        static string Keys(IEnumerable<ReceivedAlert> alerts) =>
            string.Join(",", alerts.Select(a => $"{a.Alert.Fingerprint}{(a.Alert.Status == AlertStatus.Resolved ? "r" : "f")}").Order(StringComparer.Ordinal));

        Assert.Equal("1f,2f,3f", Keys(await AllAsync(new AlertQuery { Status = AlertStatus.Firing })));
        Assert.Equal("1r", Keys(await AllAsync(new AlertQuery { Status = AlertStatus.Resolved })));
        Assert.Equal("1f,1r,2f", Keys(await AllAsync(new AlertQuery { AlertName = "Drift" })));
        Assert.Equal("1f,1r,3f", Keys(await AllAsync(new AlertQuery { Labels = [new("model", "tips")] })));
        Assert.Equal("1f", Keys(await AllAsync(new AlertQuery { Status = AlertStatus.Firing, AlertName = "Drift", Labels = [new("model", "tips"), new("severity", "warning")] })));
        Assert.Equal("3f", Keys(await AllAsync(new AlertQuery { Labels = [new("job", "it's \"quoted\"")] })));
        Assert.Equal(string.Empty, Keys(await AllAsync(new AlertQuery { Labels = [new("model", "tips"), new("severity", "critical")] })));
        Assert.Equal(string.Empty, Keys(await AllAsync(new AlertQuery { Labels = [new("absent", "")] })));
    }

    [Fact]
    public async Task SearchAlerts_Pages_EveryAlertOnceInOrderEvenWhenNewOnesArrive()
    {
        for (var i = 0; i < 7; i++)
        {
            await Store.AddAlertsAsync([AlertPayloads.Alert($"p{i}", Start)], Ct);
            Clock.Advance(TimeSpan.FromMilliseconds(i % 2)); // some share a received_at
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.SearchAlertsAsync(new AlertQuery { MaxResults = 3, PageToken = token }, Ct);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(a => a.Alert.Fingerprint));
            token = page.NextPageToken;
            pages++;
            if (pages == 1)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
                await Store.AddAlertsAsync([AlertPayloads.Alert("late", Start)], Ct);
            }
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["p6", "p5", "p4", "p3", "p2", "p1", "p0"], seen);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1001, null)]
    [InlineData(10, "not a token")]
    [InlineData(10, "eHl6")]
    public async Task SearchAlerts_BadPageSizeOrToken_InvalidParameter(int maxResults, string? token)
    {
        var e = await Assert.ThrowsAsync<ArgusException>(() => Store.SearchAlertsAsync(new AlertQuery { MaxResults = maxResults, PageToken = token }, Ct));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }
}
