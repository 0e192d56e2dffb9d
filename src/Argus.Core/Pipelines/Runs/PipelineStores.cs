using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Core.Pipelines.Runs;

/// <summary>The pipeline store of a tracking store.</summary>
public static class PipelineStores
{
    /// <exception cref="ArgusException">NOT_IMPLEMENTED when the store keeps no pipeline runs.</exception>
    public static IPipelineStore For(ITrackingStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store as IPipelineStore
            ?? throw new ArgusException(ErrorCode.NotImplemented,
                $"The tracking store at {store.DisplayUri} ({store.GetType().Name}) keeps no pipeline runs.");
    }
}
