using Argus.Core.Pipelines.Runs;
using Argus.Tests.Infrastructure;
using Microsoft.Playwright;
using static Argus.Tests.Server.Ui.PipelinesUiSeed;
using static Microsoft.Playwright.Assertions;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// The Pipelines pages in Chromium against a real server holding the runs of <see cref="PipelinesUiSeed"/>: the
/// pipelines with their schedule and runs, filters in the URL, a run's DAG coloured by state with its accessible list,
/// step logs and errors chosen from the steps table, and a running run followed until it ends. Screenshots go to
/// <see cref="UiScreenshots.Directory"/>.
/// </summary>
public sealed class PipelinesUiTests(Browser browser, PipelinesUiSeed seed) : IClassFixture<Browser>, IClassFixture<PipelinesUiSeed>
{
    private string Url(string hash) => $"{seed.Server.BaseAddress.AbsoluteUri.TrimEnd('/')}/#/{hash}";

    [Fact]
    public async Task PipelinesPage_Seeded_ListsThePipelineWithItsScheduleAndTheRunsNewestFirst()
    {
        await using var page = await browser.OpenAsync(Url("pipelines"));
        var p = page.Page;
        await Expect(p.Locator("h1")).ToHaveTextAsync("Pipelines");
        await Expect(p.Locator("h1")).ToBeFocusedAsync();
        var row = p.Locator($"[data-testid=pipelines] tr[data-pipeline='{Pipeline}']");
        await Expect(row.GetByTestId("schedule")).ToHaveTextAsync($"{Cron} {Zone}");
        await Expect(row.Locator(".pstate")).ToHaveTextAsync("succeeded"); // the retry, the newest run

        var runs = SeededRuns(p);
        await Expect(runs).ToHaveCountAsync(3);
        Assert.Equal([seed.RetryRunId, seed.FailedRunId, seed.SucceededRunId],
            await runs.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.runId)"));
        var retry = runs.Nth(0);
        await Expect(retry.Locator("td").Nth(3)).ToHaveTextAsync($"retry of {seed.FailedRunId[..12]}");
        await Expect(retry.GetByRole(AriaRole.Link, new() { Name = $"Run {seed.FailedRunId}" })).ToHaveAttributeAsync("href", $"#/pipelines/runs/{seed.FailedRunId}");
        await Expect(runs.Nth(1)).ToContainTextAsync("step train failed after 3 attempts");
        await Expect(runs.Nth(1).Locator("td").Nth(5)).ToHaveTextAsync("6m 0s");
        await UiScreenshots.SaveAsync(page, "pipelines-1280x800", fullPage: true);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task PipelinesPage_StateChosen_TheUrlHoldsItAndOnlyThoseRunsShow()
    {
        await using var page = await browser.OpenAsync(Url("pipelines"));
        var p = page.Page;
        await Expect(SeededRuns(p)).ToHaveCountAsync(3);

        await p.GetByLabel("State").SelectOptionAsync("failed");

        var runs = SeededRuns(p);
        await Expect(runs).ToHaveCountAsync(1);
        await Expect(runs.First).ToHaveAttributeAsync("data-run-id", seed.FailedRunId);
        Assert.Contains("state=failed", p.Url, StringComparison.Ordinal);

        // A deep link with both filters reopens the same view.
        await p.GotoAsync(Url($"pipelines?pipeline={Pipeline}&state=succeeded"));
        await Expect(runs).ToHaveCountAsync(2);
        await Expect(p.GetByLabel("State")).ToHaveValueAsync("succeeded");
        await Expect(p.GetByLabel("Pipeline", new() { Exact = true })).ToHaveValueAsync(Pipeline);
        await p.GotoAsync(Url("pipelines?pipeline=nothing-like-it"));
        await Expect(p.GetByTestId("no-runs")).ToHaveTextAsync("No run matches these filters.");
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task RunPage_FailedRun_DrawsTheDagByStateAndShowsTheFailedStepsErrorAndLog()
    {
        await using var page = await browser.OpenAsync(Url($"pipelines/runs/{seed.FailedRunId}"));
        var p = page.Page;
        await Expect(p.Locator("h1")).ToHaveTextAsync($"Run {seed.FailedRunId}");
        await Expect(p.GetByTestId("run-state")).ToHaveTextAsync("failed");
        await Expect(p.GetByTestId("run-message")).ToHaveTextAsync("step train failed after 3 attempts");
        await Expect(p.Locator("[data-testid=dag] canvas")).ToHaveCountAsync(1);
        Assert.Equal(
            ["data: succeeded", "tune: succeeded (needs data)", "train: failed (needs data, tune)", "evaluate: skipped (needs train)", "register: skipped (needs train, evaluate)"],
            await p.GetByTestId("dag-nodes").Locator("li").AllTextContentsAsync());

        // With no step chosen, the failed step's log shows.
        var train = p.Locator("[data-testid=steps] tr[data-step=train]");
        await Expect(train.GetByTestId("step-error")).ToHaveTextAsync(TrainError);
        await Expect(train.Locator("td").Nth(2)).ToHaveTextAsync("3"); // attempts
        await Expect(p.Locator("#log-heading")).ToHaveTextAsync("Log of train");
        await Expect(p.GetByTestId("step-log")).ToContainTextAsync("train: attempt 3");
        foreach (var skipped in new[] { "evaluate", "register" })
        {
            var row = p.Locator($"[data-testid=steps] tr[data-step={skipped}]");
            await Expect(row).ToHaveAttributeAsync("data-state", "skipped");
            await Expect(row.Locator(".pstate")).ToHaveTextAsync("skipped");
        }

        await Expect(p.Locator("[data-testid=steps] tr[data-step=data]")).ToContainTextAsync("3f2a9c1e"); // an output
        await UiScreenshots.SaveAsync(page, "pipeline-run-1280x800", fullPage: true);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task RunPage_StepChosenFromTheTableByKeyboard_ItsLogShowsAndTheUrlNamesIt()
    {
        await using var page = await browser.OpenAsync(Url($"pipelines/runs/{seed.SucceededRunId}"));
        var p = page.Page;
        await Expect(p.GetByTestId("run-state")).ToHaveTextAsync("succeeded");
        var tune = p.GetByRole(AriaRole.Button, new() { Name = "tune: show its log" });
        await tune.FocusAsync();
        await p.Keyboard.PressAsync("Enter");

        await Expect(p.Locator("#log-heading")).ToHaveTextAsync("Log of tune");
        await Expect(p.GetByTestId("step-log")).ToHaveTextAsync(LogOf("tune"));
        Assert.Contains("step=tune", p.Url, StringComparison.Ordinal);
        await Expect(p.GetByRole(AriaRole.Button, new() { Name = "tune: show its log" })).ToBeFocusedAsync();
        await Expect(p.GetByRole(AriaRole.Button, new() { Name = "tune: show its log" })).ToHaveAttributeAsync("aria-current", "true");

        // The definition is there to read, folded.
        await p.Locator("details.definition summary").ClickAsync();
        await Expect(p.GetByTestId("definition")).ToContainTextAsync("needs: [train, evaluate]");

        // A deep link to a step reopens its log.
        await p.GotoAsync(Url($"pipelines/runs/{seed.SucceededRunId}?step=register"));
        await Expect(p.GetByTestId("step-log")).ToHaveTextAsync(LogOf("register"));
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task RunPage_RunningRun_FollowsTheServerUntilTheRunEnds()
    {
        var store = seed.Store;
        var pipeline = ServerFixture.UniqueName("nightly");
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-3);
        var run = await store.StartRunAsync(NewRun(pipeline, start), CancellationToken.None);
        await store.UpdateStepAsync(run.RunId, Done("data", start), CancellationToken.None);
        await store.UpdateStepAsync(run.RunId, new StepRun { Step = "tune", Kind = "tune", State = StepState.Running, Attempts = 1, StartTime = start.AddMinutes(1) }, CancellationToken.None);
        await store.AppendStepLogAsync(run.RunId, "tune", "tune: trial 1 of 20\n", CancellationToken.None);

        await using var page = await browser.OpenAsync(Url($"pipelines/runs/{run.RunId}"));
        var p = page.Page;
        await Expect(p.GetByTestId("run-state")).ToHaveTextAsync("running");
        await Expect(p.Locator("#log-heading")).ToHaveTextAsync("Log of tune"); // the running step
        await Expect(p.GetByTestId("step-log")).ToHaveTextAsync("tune: trial 1 of 20\n");
        await Expect(p.GetByTestId("dag-nodes").Locator("li[data-step=tune]")).ToHaveTextAsync("tune: running (needs data)");

        await store.AppendStepLogAsync(run.RunId, "tune", "tune: trial 2 of 20\n", CancellationToken.None);
        await Expect(p.GetByTestId("step-log")).ToHaveTextAsync("tune: trial 1 of 20\ntune: trial 2 of 20\n");

        foreach (var step in new[] { "tune", "train", "evaluate", "register" })
        {
            await store.UpdateStepAsync(run.RunId, Done(step, start.AddMinutes(1)), CancellationToken.None);
        }

        await store.EndRunAsync(run.RunId, PipelineRunState.Succeeded, TimeProvider.System.GetUtcNow(), null, CancellationToken.None);

        await Expect(p.GetByTestId("run-state")).ToHaveTextAsync("succeeded");
        await Expect(p.GetByTestId("dag-nodes").Locator("li[data-step=register]")).ToHaveTextAsync("register: succeeded (needs train, evaluate)");
        await Expect(p.GetByTestId("poll-status")).ToHaveTextAsync(string.Empty);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task RunPage_OnAPhoneScreen_FitsTheWidth()
    {
        await using var page = await browser.OpenAsync(Url($"pipelines/runs/{seed.FailedRunId}"), 390, 844);
        var p = page.Page;
        await Expect(p.GetByTestId("step-log")).ToContainTextAsync("train: attempt 3");
        await Expect(p.Locator("[data-testid=dag] canvas")).ToHaveCountAsync(1);
        await UiScreenshots.SaveAsync(page, "pipeline-run-390x844", fullPage: true);
        await AssertFitsAsync(p);

        await p.GotoAsync(Url("pipelines"));
        await Expect(SeededRuns(p)).ToHaveCountAsync(3);
        await AssertFitsAsync(p);
        Assert.Empty(page.Problems);
    }

    // Other tests add runs of pipelines of their own; these are the seeded pipeline's.
    private static ILocator SeededRuns(IPage p) => p.Locator($"[data-testid=pipeline-runs] tbody tr[data-pipeline='{Pipeline}']");

    private static async Task AssertFitsAsync(IPage p)
    {
        var overflow = await p.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"page is {overflow}px wider than the 390px screen");
    }
}
