using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Registry;

namespace Argus.XGBoost.Pipelines;

/// <summary>Model versions a setting names: a number or <c>@alias</c>.</summary>
internal static class StepVersions
{
    /// <summary>The version setting <paramref name="setting"/> names; a value that is no version is an error naming the setting.</summary>
    public static async Task<ModelVersion> ResolveAsync(StepContext context, string setting, string model, CancellationToken cancellationToken)
    {
        var text = context.Text(setting).Trim();
        var registry = context.Tracker.Registry;
        string number;
        try
        {
            number = await VersionReferences.ResolveAsync(registry, model, text, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e) when (e.Code == ErrorCode.InvalidParameterValue)
        {
            throw context.SettingError(setting, $"'{text}' is not a version: give a number (3) or an alias (@champion).");
        }

        return await registry.GetModelVersionAsync(model, number, cancellationToken).ConfigureAwait(false);
    }
}
