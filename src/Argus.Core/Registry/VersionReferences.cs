using System.Globalization;
using Argus.Core.Errors;

namespace Argus.Core.Registry;

/// <summary>Versions as people write them: a number (<c>3</c>) or an alias (<c>@champion</c>).</summary>
public static class VersionReferences
{
    /// <summary>The version number <paramref name="reference"/> names in <paramref name="model"/>.</summary>
    /// <exception cref="ArgusException">
    /// INVALID_PARAMETER_VALUE when it is neither a number nor an alias; RESOURCE_DOES_NOT_EXIST when the alias is not set.
    /// </exception>
    public static async Task<string> ResolveAsync(IModelRegistry registry, string model, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.StartsWith('@'))
        {
            return (await registry.GetModelVersionByAliasAsync(model, reference[1..], cancellationToken).ConfigureAwait(false)).Version;
        }

        return long.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? reference
            : throw ArgusException.InvalidParameter($"'{reference}' is not a version: give a number (3) or an alias (@champion).");
    }
}
