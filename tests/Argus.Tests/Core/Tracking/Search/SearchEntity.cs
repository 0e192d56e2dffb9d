namespace Argus.Tests.Core.Tracking.Search;

/// <summary>What a generated filter searches: each has its own identifiers.</summary>
internal enum SearchEntity
{
    Runs,
    Experiments,
    RegisteredModels,
    ModelVersions,
}
