using Argus.Core.Pipelines.Steps;

namespace Argus.Tests.Core.Pipelines;

/// <summary>A step kind with a name and settings whose work is to return fixed outputs: enough to validate pipelines against.</summary>
internal sealed class SignatureStepKind(string name, IReadOnlyList<StepSetting> settings, IReadOnlyDictionary<string, string>? outputs = null) : IStepKind
{
    public string Name { get; } = name;

    public string Description => $"the {Name} step of the pipeline tests";

    public IReadOnlyList<StepSetting> Settings { get; } = settings;

    public Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(outputs ?? new Dictionary<string, string>());
}
