namespace Argus.Core.Tracking;

/// <summary>Single-item writes, built on the batch primitive.</summary>
public static class TrackingStoreExtensions
{
    public static Task LogMetricAsync(this ITrackingStore store, string runId, Metric metric, CancellationToken cancellationToken) =>
        store.LogBatchAsync(runId, [metric], [], [], cancellationToken);

    public static Task LogParamAsync(this ITrackingStore store, string runId, string key, string value, CancellationToken cancellationToken) =>
        store.LogBatchAsync(runId, [], [new Param(key, value)], [], cancellationToken);

    public static Task SetTagAsync(this ITrackingStore store, string runId, string key, string value, CancellationToken cancellationToken) =>
        store.LogBatchAsync(runId, [], [], [new Tag(key, value)], cancellationToken);

    /// <summary>Returns the id of the experiment with this name, creating it if it does not exist.</summary>
    public static async Task<string> GetOrCreateExperimentAsync(this ITrackingStore store, string name, CancellationToken cancellationToken)
    {
        var existing = await store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing.ExperimentId;
        }

        try
        {
            return await store.CreateExperimentAsync(name, null, [], cancellationToken).ConfigureAwait(false);
        }
        catch (Errors.ArgusException e) when (e.Code == Errors.ErrorCode.ResourceAlreadyExists)
        {
            // Another writer created it between our read and our write.
            var raced = await store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (raced is null)
            {
                throw;
            }

            return raced.ExperimentId;
        }
    }
}
