using Argus.Core.Data;
using Argus.Core.Monitoring.Windows;
using Argus.Core.Tracking;

namespace Argus.XGBoost.Models;

/// <summary>
/// Scores a monitoring reference with a registered version, as serving scored the window: the package's encoder on the
/// reference's feature columns, then the booster; the first output of each row, as the inference log keeps it.
/// </summary>
public sealed class ModelReferenceScorer(ITrackingStore store) : IReferenceScorer
{
    public async Task<double[]> PredictAsync(string model, string version, Table reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var source = await ModelSource.ResolveAsync($"models:/{model}/{version}", store, cancellationToken).ConfigureAwait(false);
        using var package = await source.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        var encoded = package.Encoder.Encode(reference);
        var outputs = package.Booster.Predict(encoded.Features, encoded.RowCount, encoded.ColumnCount);
        var width = outputs.Length / Math.Max(1, encoded.RowCount);
        var predictions = new double[encoded.RowCount];
        for (var r = 0; r < predictions.Length; r++)
        {
            predictions[r] = outputs[r * width];
        }

        return predictions;
    }
}
