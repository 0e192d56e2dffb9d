using System.Text;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Tracking.Sql;

namespace Argus.Tests.Core.Pipelines.Runs;

/// <summary>Step logs: appended in order, kept, bounded.</summary>
public abstract partial class PipelineStoreContract
{
    [Fact]
    public async Task AppendStepLog_ManyAppends_ReadBackInOrderAndAfterReopening()
    {
        var run = await StartAsync(Unique(), T0, "train", "notify");
        var expected = new StringBuilder();
        for (var i = 0; i < 120; i++)
        {
            var line = $"[{i:D3}] round {i}: rmse={1.0 / (i + 1):F6}\n";
            expected.Append(line);
            await Store.AppendStepLogAsync(run.RunId, "train", line, Ct);
        }

        await Store.AppendStepLogAsync(run.RunId, "train", string.Empty, Ct);

        Assert.Equal(expected.ToString(), await Store.GetStepLogAsync(run.RunId, "train", Ct));
        Assert.Equal(string.Empty, await Store.GetStepLogAsync(run.RunId, "notify", Ct));
        var reopened = await OpenStoreAsync();
        Assert.Equal(expected.ToString(), await reopened.GetStepLogAsync(run.RunId, "train", Ct));
    }

    [Fact]
    public async Task AppendStepLog_StepsWrittenAtOnce_EachStepInItsOwnOrder()
    {
        var run = await StartAsync(Unique(), T0, "a", "b", "c", "d");
        var other = await OpenStoreAsync();

        await Task.WhenAll(run.Steps.Select((step, s) => Task.Run(async () =>
        {
            var store = s % 2 == 0 ? Store : other;
            for (var i = 0; i < 40; i++)
            {
                await store.AppendStepLogAsync(run.RunId, step.Step, $"{step.Step}{i};", Ct);
            }
        })));

        foreach (var step in run.Steps)
        {
            Assert.Equal(string.Concat(Enumerable.Range(0, 40).Select(i => $"{step.Step}{i};")), await Store.GetStepLogAsync(run.RunId, step.Step, Ct));
        }
    }

    [Fact]
    public async Task AppendStepLog_AfterTheRunEnded_StillKept()
    {
        var run = await StartAsync(Unique(), T0, "train");
        await Store.EndRunAsync(run.RunId, PipelineRunState.Failed, T0.AddMinutes(1), "killed", Ct);

        await Store.AppendStepLogAsync(run.RunId, "train", "last words\n", Ct);

        Assert.Equal("last words\n", await Store.GetStepLogAsync(run.RunId, "train", Ct));
    }

    [Fact]
    public async Task AppendStepLog_PastTheLimit_KeepsTheFirstCharactersAndOneNote()
    {
        var run = await StartAsync(Unique(), T0, "train");
        var head = new string('a', PipelineLimits.MaxStepLogLength - 10);

        await Store.AppendStepLogAsync(run.RunId, "train", head, Ct);
        await Store.AppendStepLogAsync(run.RunId, "train", new string('b', 30), Ct);
        await Store.AppendStepLogAsync(run.RunId, "train", "dropped", Ct);

        var log = await Store.GetStepLogAsync(run.RunId, "train", Ct);
        Assert.Equal(head + new string('b', 10) + SqlTrackingStore.StepLogTruncatedNote, log);
    }

    [Fact]
    public async Task AppendStepLog_ExactlyFullThenMore_NoteAddedOnce()
    {
        var run = await StartAsync(Unique(), T0, "train");
        var full = new string('a', PipelineLimits.MaxStepLogLength);

        await Store.AppendStepLogAsync(run.RunId, "train", full, Ct);
        Assert.Equal(full.Length, (await Store.GetStepLogAsync(run.RunId, "train", Ct)).Length);
        await Store.AppendStepLogAsync(run.RunId, "train", "x", Ct);
        await Store.AppendStepLogAsync(run.RunId, "train", "y", Ct);

        Assert.Equal(full + SqlTrackingStore.StepLogTruncatedNote, await Store.GetStepLogAsync(run.RunId, "train", Ct));
    }

    [Fact]
    public async Task AppendStepLog_NulAndUnpairedSurrogates_KeptAsReplacementCharacters()
    {
        var run = await StartAsync(Unique(), T0, "train");

        await Store.AppendStepLogAsync(run.RunId, "train", "bin\0ary \uD800 emoji \U0001F600 ünï\n", Ct);

        Assert.Equal("bin\uFFFDary \uFFFD emoji \U0001F600 ünï\n", await Store.GetStepLogAsync(run.RunId, "train", Ct));
    }

    [Fact]
    public async Task StepLogs_UnknownRunOrStep_ResourceDoesNotExist()
    {
        var run = await StartAsync(Unique(), T0, "train");
        const string Unknown = "0123456789abcdef0123456789abcdef";

        await Throws(() => Store.AppendStepLogAsync(Unknown, "train", "x", Ct), ErrorCode.ResourceDoesNotExist);
        var e = await Throws(() => Store.AppendStepLogAsync(run.RunId, "nope", "x", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Store.GetStepLogAsync(Unknown, "train", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Store.GetStepLogAsync(run.RunId, "nope", Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Store.GetStepLogAsync(run.RunId, "no such step", Ct), ErrorCode.InvalidParameterValue);

        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
    }
}
