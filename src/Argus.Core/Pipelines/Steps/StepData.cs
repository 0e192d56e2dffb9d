using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Pipelines.Steps;

/// <summary>How kinds read a table a setting names: a CSV path, or the digest of a dataset version Argus stored.</summary>
public static class StepData
{
    /// <summary>
    /// Reads the table setting <paramref name="name"/> names: a CSV file (relative to the pipeline's folder), or — when no
    /// such file exists and the value is a digest (8 or 64 hex characters, as a <c>data</c> step outputs it) — the stored
    /// dataset version with that digest, read from the artifact store. Errors name the step and the setting.
    /// </summary>
    public static async Task<(Table Table, string Source)> ReadAsync(StepContext context, string name, ColumnMapping? mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Text(name).Trim();
        var path = context.LocalPath(name);
        try
        {
            if (!File.Exists(path) && DatasetVersions.IsDigest(text))
            {
                var dataset = await DatasetVersions.FindAsync(context.Tracker.Store, text, cancellationToken).ConfigureAwait(false)
                    ?? throw ArgusException.NotFound($"no file '{path}', and no run logged a dataset version with digest {text}.");
                var source = $"dataset '{dataset.Name}' version {dataset.Digest}";
                return (await DatasetVersions.ReadAsync(context.Tracker.Store, dataset, source, mapping, cancellationToken).ConfigureAwait(false), source);
            }

            return (TableLoader.Load(path, mapping), path);
        }
        catch (ArgusException e) when (!e.Message.StartsWith($"Step '{context.StepName}'", StringComparison.Ordinal))
        {
            throw new ArgusException(e.Code, $"Step '{context.StepName}': setting '{name}': {e.Message}", e);
        }
    }
}
