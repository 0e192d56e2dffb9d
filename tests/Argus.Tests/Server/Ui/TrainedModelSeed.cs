using Argus.Core.Registry;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Core.Data;
using Argus.XGBoost.Models;
using Argus.XGBoost.Training;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// A real Argus server holding what <c>argus train</c>, <c>argus models register</c> and <c>argus models evaluate</c>
/// record, through its HTTP API: two XGBoost models trained on tips (experiment <c>tips-training</c>), registered as
/// <see cref="Model"/> v1 and v2 with <c>@champion</c> on v1, and one evaluation of v2 against v1 on the tips data.
/// </summary>
public sealed class TrainedModelSeed : IAsyncLifetime
{
    public const string Model = "tips";

    public ServerFixture Server { get; } = new();

    public TrainingOutcome First { get; private set; } = null!;

    public TrainingOutcome Second { get; private set; } = null!;

    public EvaluationOutcome Evaluation { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        await using var tracker = await Tracker.CreateAsync(Server.BaseAddress.AbsoluteUri);
        First = await TrainAsync(tracker, "shallow", "2");
        Second = await TrainAsync(tracker, "deeper", "4");
        var registry = ModelRegistries.For(tracker.Store);
        await registry.CreateRegisteredModelAsync(Model, "Predicts the tip.", [], CancellationToken.None);
        foreach (var outcome in new[] { First, Second })
        {
            await registry.CreateModelVersionAsync(new ModelVersionCreation(Model, $"runs:/{outcome.RunId}/model") { RunId = outcome.RunId }, CancellationToken.None);
        }

        await registry.SetAliasAsync(Model, ModelPromotion.Champion, "1", "first release", CancellationToken.None);
        Evaluation = await ModelEvaluation.RunAsync(tracker, Model,
            await registry.GetModelVersionAsync(Model, "2", CancellationToken.None),
            await registry.GetModelVersionAsync(Model, "1", CancellationToken.None),
            DataFixtures.TipsPath);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    private static Task<TrainingOutcome> TrainAsync(Tracker tracker, string name, string depth) =>
        TrainingJob.RunAsync(tracker, new TrainingRequest
        {
            DataPath = DataFixtures.TipsPath,
            Target = "tip",
            Rounds = 20,
            Experiment = "tips-training",
            RunName = name,
            Parameters = new Dictionary<string, string> { ["max_depth"] = depth },
        });
}
