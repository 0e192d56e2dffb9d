using System.Text.Json;
using Argus.Core.Artifacts;
using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Core.Data;

/// <summary>
/// Dataset versions in the artifact store: each version, identified by its <see cref="DatasetDigest"/>, is kept
/// once per experiment at <c>&lt;experiment artifact location&gt;/datasets/&lt;sha256&gt;/</c> as
/// <c>data.csv</c> (the file's bytes as first logged) and <c>dataset.json</c> (digest, schema, rows, origin).
/// <c>dataset.json</c> is written last, so its presence means the version is complete; logging the same
/// content again, from any file or run, writes nothing. Keeping versions per experiment means whoever may read
/// an experiment may read its data, and no one else.
/// </summary>
public static class DatasetVersions
{
    /// <summary>The folder under an experiment's artifact location that holds its dataset versions.</summary>
    public const string Folder = "datasets";

    /// <summary>The data file of a stored version.</summary>
    public const string DataFile = "data.csv";

    /// <summary>The description of a stored version, written after <see cref="DataFile"/>.</summary>
    public const string DescriptionFile = "dataset.json";

    /// <summary>The MLflow <c>source_type</c> of datasets Argus stores.</summary>
    public const string SourceType = "argus-artifact";

    /// <summary>
    /// Stores the CSV at <paramref name="csvPath"/> (already read as <paramref name="table"/>) as a version of
    /// experiment <paramref name="experimentId"/> unless that digest is stored already, and returns the
    /// dataset to log as a run input: its source is the stored copy, so a run's data can always be fetched.
    /// </summary>
    public static async Task<StoredDataset> StoreAsync(
        ITrackingStore store, string experimentId, string csvPath, Table table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        var digest = DatasetDigest.Compute(table);
        var experiment = await store.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false);
        var uri = $"{experiment.ArtifactLocation.TrimEnd('/')}/{Folder}/{digest.Sha256}";
        var repository = ArtifactRepositories.For(uri, store);
        var origin = Path.GetFullPath(csvPath);

        var written = false;
        if (!await IsStoredAsync(repository, cancellationToken).ConfigureAwait(false))
        {
            await using (var data = OpenSource(csvPath))
            {
                await repository.WriteAsync(DataFile, data, null, cancellationToken).ConfigureAwait(false);
            }

            var description = new DatasetDescription(
                Path.GetFileName(csvPath),
                digest.Sha256,
                table.RowCount,
                table.Schema.Columns.Select(c => new DatasetColumn(c.Name, c.Type.ToString().ToLowerInvariant())).ToList(),
                origin);
            await using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(description, DataJson.Options));
            await repository.WriteAsync(DescriptionFile, json, null, cancellationToken).ConfigureAwait(false);
            written = true;
        }

        var dataset = new Dataset(
            Path.GetFileName(csvPath),
            digest.Short,
            SourceType,
            JsonSerializer.Serialize(new DatasetSource($"{uri}/{DataFile}", origin), DataJson.Options),
            JsonSerializer.Serialize(table.Schema.Columns.Select(c => new[] { c.Name, c.Type.ToString().ToLowerInvariant() }).ToArray()),
            DatasetProfile.Compute(table).ToJson());
        return new StoredDataset(dataset, digest, uri, written);
    }

    /// <summary>Whether <paramref name="text"/> has the form of a digest: 8 (short) or 64 (SHA-256) lower-case hex characters.</summary>
    public static bool IsDigest(string text) =>
        text is { Length: 8 or 64 } && text.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>
    /// The stored version with <paramref name="digest"/> (the short digest runs record, or the full SHA-256), as the
    /// latest run in any active experiment logged it as an input; null when no run logged it.
    /// </summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE when <paramref name="digest"/> is not a digest.</exception>
    public static async Task<Dataset?> FindAsync(ITrackingStore store, string digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(digest);
        if (!IsDigest(digest))
        {
            throw ArgusException.InvalidParameter($"'{digest}' is not a dataset digest: 8 or 64 lower-case hex characters.");
        }

        var experimentIds = new List<string>();
        string? token = null;
        do
        {
            var experiments = await store.SearchExperimentsAsync(new ExperimentSearch { MaxResults = ExperimentSearch.MaxMaxResults, PageToken = token }, cancellationToken).ConfigureAwait(false);
            experimentIds.AddRange(experiments.Items.Select(e => e.ExperimentId));
            token = experiments.NextPageToken;
        }
        while (token is not null);

        var shortDigest = digest[..8];
        var folder = $"/{Folder}/{digest}/";
        token = null;
        do
        {
            var runs = await store.SearchRunsAsync(new RunSearch
            {
                ExperimentIds = experimentIds,
                Filter = $"datasets.digest = '{shortDigest}'",
                OrderBy = ["attributes.start_time DESC"],
                MaxResults = 100,
                PageToken = token,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var run in runs.Items)
            {
                var found = run.Inputs.DatasetInputs.Select(i => i.Dataset).FirstOrDefault(d =>
                    d.Digest == shortDigest && d.SourceType == SourceType && (digest.Length == 8 || d.Source.Contains(folder, StringComparison.Ordinal)));
                if (found is not null)
                {
                    return found;
                }
            }

            token = runs.NextPageToken;
        }
        while (token is not null);
        return null;
    }

    /// <summary>
    /// Reads a stored version (a dataset whose source is the stored copy, as <see cref="StoreAsync"/> returns it) straight
    /// from the artifact store: nothing is left on disk.
    /// </summary>
    /// <param name="store">The store whose artifact repository holds the copy.</param>
    /// <param name="dataset">The dataset as a run logged it.</param>
    /// <param name="sourceName">The name errors give the data.</param>
    /// <param name="mapping">How its columns are typed; null infers them.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<Table> ReadAsync(ITrackingStore store, Dataset dataset, string sourceName, ColumnMapping? mapping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.SourceType != SourceType)
        {
            throw ArgusException.InvalidParameter($"Dataset '{dataset.Name}' ({dataset.Digest}) is not stored by Argus (source type '{dataset.SourceType}').");
        }

        var source = JsonSerializer.Deserialize<DatasetSource>(dataset.Source, DataJson.Options)
            ?? throw ArgusException.InvalidParameter($"Dataset '{dataset.Name}' ({dataset.Digest}) names no source.");
        var folder = source.Uri[..source.Uri.LastIndexOf('/')];
        var repository = ArtifactRepositories.For(folder, store);
        await using var input = await repository.OpenReadAsync(DataFile, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(input, detectEncodingFromByteOrderMarks: true);
        return TableLoader.Read(reader, sourceName, mapping);
    }

    private static async Task<bool> IsStoredAsync(IArtifactRepository repository, CancellationToken cancellationToken)
    {
        var files = await repository.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false);
        return files.Any(f => !f.IsDir && f.Path == DescriptionFile);
    }

    private static FileStream OpenSource(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ArgusException.InvalidParameter($"Cannot read '{path}' to store it as a dataset version: {e.Message}");
        }
    }

    private sealed record DatasetSource(string Uri, string Origin);

    private sealed record DatasetColumn(string Name, string Type);

    private sealed record DatasetDescription(string Name, string Digest, int Rows, IReadOnlyList<DatasetColumn> Columns, string Origin);
}

/// <summary>A dataset version in the artifact store.</summary>
/// <param name="Dataset">The dataset to log as a run input (source: the stored copy).</param>
/// <param name="Digest">The version's digest.</param>
/// <param name="Uri">The artifact URI of the version's folder.</param>
/// <param name="Written">Whether this call stored it (false: it was stored already).</param>
public sealed record StoredDataset(Dataset Dataset, DatasetDigest Digest, string Uri, bool Written);
