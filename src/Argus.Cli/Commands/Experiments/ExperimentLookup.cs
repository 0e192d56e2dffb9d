using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Cli.Commands.Experiments;

/// <summary>Finds an experiment from what a user typed: its id or its name.</summary>
internal static class ExperimentLookup
{
    /// <summary>
    /// The experiment whose id (all digits) or else name is <paramref name="idOrName"/>;
    /// RESOURCE_DOES_NOT_EXIST naming what was tried when neither matches.
    /// </summary>
    public static async Task<Experiment> FindAsync(ITrackingStore store, string idOrName, CancellationToken cancellationToken)
    {
        if (IsId(idOrName))
        {
            try
            {
                return await store.GetExperimentAsync(idOrName, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgusException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
            {
                // A name may be all digits too; try it as a name below.
            }
        }

        return await store.GetExperimentByNameAsync(idOrName, cancellationToken).ConfigureAwait(false)
            ?? throw ArgusException.NotFound($"No experiment with id or name '{idOrName}' in {store.DisplayUri}.");
    }

    private static bool IsId(string text) => text.Length is > 0 and <= 18 && text.All(char.IsAsciiDigit);
}
