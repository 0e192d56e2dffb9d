using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Tests.Core.Pipelines.Steps;
using Argus.XGBoost.Pipelines;

namespace Argus.Tests.XGBoost.Pipelines;

/// <summary>The catalog the CLI and the server build pipelines from.</summary>
public sealed class StepKindsTests : IAsyncLifetime
{
    private StepHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await StepHarness.StartAsync("argus-step-kinds");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void All_EveryKindOnceInTheDocumentedOrder()
    {
        Assert.Equal(
            ["data", "tune", "train", "register", "evaluate", "promote", "monitor", "report", "notify", "push-metrics", "command"],
            StepKinds.All.Select(k => k.Name));
        Assert.Equal(CoreStepKinds.All.Select(k => k.Name).Order(), StepKinds.All.Where(k => k.GetType().Assembly == typeof(CoreStepKinds).Assembly).Select(k => k.Name).Order());
        Assert.Same(StepKinds.All[1], StepKinds.Find("tune"));
        Assert.Null(StepKinds.Find("Train"));
    }

    [Fact]
    public void Settings_NamedOnceEach_Described()
    {
        Assert.All(StepKinds.All, kind =>
        {
            Assert.Equal(kind.Settings.Count, kind.Settings.Select(s => s.Name).Distinct().Count());
            Assert.All(kind.Settings, s => Assert.False(string.IsNullOrWhiteSpace(s.Description), $"{kind.Name}.{s.Name}"));
            Assert.False(string.IsNullOrWhiteSpace(kind.Description));
        });
    }

    public static TheoryData<string> KindsWithRequiredSettings() => [.. StepKinds.All.Where(k => k.Settings.Any(s => s.Required)).Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(KindsWithRequiredSettings))]
    public async Task RunAsync_NoSettings_SaysWhichRequiredSettingIsMissing(string name)
    {
        var kind = StepKinds.Find(name)!;

        var error = await Assert.ThrowsAsync<ArgusException>(() => kind.RunAsync(_harness.Context("s", StepHarness.Settings()), CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        var required = kind.Settings.Where(s => s.Required).Select(s => $"Step 's': setting '{s.Name}' is required.");
        Assert.Contains(error.Message, required);
    }
}
