using System.Globalization;
using System.Text.RegularExpressions;
using Argus.Core.Errors;

namespace Argus.Core.Tracking;

/// <summary>
/// The checks MLflow applies to names, values and batches, with MLflow's messages, so that every
/// store rejects the same input the same way before anything is written.
/// </summary>
public static partial class TrackingValidator
{
    [GeneratedRegex(@"^[/\w.\- :]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExperimentIdPattern();

    public static void RunId(string? runId)
    {
        if (string.IsNullOrEmpty(runId))
        {
            throw ArgusException.MissingParameter("run_id");
        }

        if (!RunIdPattern().IsMatch(runId))
        {
            throw ArgusException.InvalidParameter($"Invalid value \"{Clip(runId)}\" for parameter 'run_id' supplied.");
        }
    }

    public static void ExperimentId(string? experimentId)
    {
        if (string.IsNullOrEmpty(experimentId))
        {
            throw ArgusException.MissingParameter("experiment_id");
        }

        if (!ExperimentIdPattern().IsMatch(experimentId))
        {
            throw ArgusException.InvalidParameter($"Invalid value \"{Clip(experimentId)}\" for parameter 'experiment_id' supplied.");
        }
    }

    public static void ExperimentName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ArgusException.InvalidParameter("Invalid experiment name: must be a non-empty string.");
        }

        if (name.Length > TrackingLimits.MaxExperimentNameLength)
        {
            throw ArgusException.InvalidParameter(
                $"Experiment name exceeds the maximum length of {TrackingLimits.MaxExperimentNameLength} characters (got {name.Length}).");
        }
    }

    public static void ArtifactLocation(string? location)
    {
        if (location is not null && location.StartsWith("runs:", StringComparison.OrdinalIgnoreCase))
        {
            throw ArgusException.InvalidParameter(
                $"Artifact location cannot be a runs:/ URI. Given: '{Clip(location)}'");
        }
    }

    public static void RunName(string? name)
    {
        if (name is not null && name.Length > TrackingLimits.MaxRunNameLength)
        {
            throw ArgusException.InvalidParameter(
                $"Run name exceeds the maximum length of {TrackingLimits.MaxRunNameLength} characters (got {name.Length}).");
        }
    }

    /// <summary>A metric, param or tag key: allowed characters, length, and no path tricks.</summary>
    public static void EntityKey(string? key, string kind)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw ArgusException.InvalidParameter($"A key name must be provided for every {kind}.");
        }

        if (key.Length > TrackingLimits.MaxEntityKeyLength)
        {
            throw ArgusException.InvalidParameter(
                $"{Capital(kind)} '{Clip(key)}' had length {key.Length}, which exceeded length limit of {TrackingLimits.MaxEntityKeyLength}");
        }

        if (!KeyPattern().IsMatch(key))
        {
            throw ArgusException.InvalidParameter(
                $"Invalid {kind} name: '{Clip(key)}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).");
        }

        if (!IsNormalPath(key))
        {
            throw ArgusException.InvalidParameter(
                $"Invalid {kind} name: '{Clip(key)}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '{NormalizePath(key)}'");
        }
    }

    public static void Metric(Metric metric)
    {
        EntityKey(metric.Key, "metric");
        if (metric.Timestamp < 0)
        {
            throw ArgusException.InvalidParameter(
                $"Got invalid timestamp {metric.Timestamp.ToString(CultureInfo.InvariantCulture)} for metric '{metric.Key}'. Timestamp must be a non-negative integer.");
        }
    }

    public static void Param(Param param)
    {
        EntityKey(param.Key, "param");
        if (param.Value is null)
        {
            throw ArgusException.InvalidParameter($"Missing value for param '{param.Key}'.");
        }

        if (param.Value.Length > TrackingLimits.MaxParamValueLength)
        {
            throw ArgusException.InvalidParameter(
                $"Param value '{Clip(param.Value)}' had length {param.Value.Length}, which exceeded length limit of {TrackingLimits.MaxParamValueLength}");
        }
    }

    public static void RunTag(Tag tag)
    {
        EntityKey(tag.Key, "tag");
        if (tag.Value is null)
        {
            throw ArgusException.InvalidParameter($"Missing value for tag '{tag.Key}'.");
        }

        if (tag.Value.Length > TrackingLimits.MaxRunTagValueLength)
        {
            throw ArgusException.InvalidParameter(
                $"Tag value '{Clip(tag.Value)}' had length {tag.Value.Length}, which exceeded length limit of {TrackingLimits.MaxRunTagValueLength}");
        }
    }

    public static void ExperimentTag(Tag tag)
    {
        EntityKey(tag.Key, "tag");
        if (tag.Value is null)
        {
            throw ArgusException.InvalidParameter($"Missing value for tag '{tag.Key}'.");
        }

        if (tag.Value.Length > TrackingLimits.MaxExperimentTagValueLength)
        {
            throw ArgusException.InvalidParameter(
                $"Tag value '{Clip(tag.Value)}' had length {tag.Value.Length}, which exceeded length limit of {TrackingLimits.MaxExperimentTagValueLength}");
        }
    }

    /// <summary>Batch limits, every entity, and duplicate param keys with conflicting values.</summary>
    public static void Batch(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags)
    {
        if (metrics.Count > TrackingLimits.MaxMetricsPerBatch)
        {
            throw ArgusException.InvalidParameter(
                $"A batch logging request can contain at most {TrackingLimits.MaxMetricsPerBatch} metrics. Got {metrics.Count} metrics. Please split up metrics across multiple requests and try again.");
        }

        if (parameters.Count > TrackingLimits.MaxParamsPerBatch)
        {
            throw ArgusException.InvalidParameter(
                $"A batch logging request can contain at most {TrackingLimits.MaxParamsPerBatch} params. Got {parameters.Count} params. Please split up params across multiple requests and try again.");
        }

        if (tags.Count > TrackingLimits.MaxTagsPerBatch)
        {
            throw ArgusException.InvalidParameter(
                $"A batch logging request can contain at most {TrackingLimits.MaxTagsPerBatch} tags. Got {tags.Count} tags. Please split up tags across multiple requests and try again.");
        }

        var total = metrics.Count + parameters.Count + tags.Count;
        if (total > TrackingLimits.MaxEntitiesPerBatch)
        {
            throw ArgusException.InvalidParameter(
                $"A batch logging request can contain at most {TrackingLimits.MaxEntitiesPerBatch} total entities (metrics, params and tags). Got {total}.");
        }

        for (var i = 0; i < metrics.Count; i++)
        {
            Metric(metrics[i]);
        }

        Dictionary<string, string>? seen = parameters.Count > 1 ? new(StringComparer.Ordinal) : null;
        for (var i = 0; i < parameters.Count; i++)
        {
            Param(parameters[i]);
            if (seen is not null && !seen.TryAdd(parameters[i].Key, parameters[i].Value) && seen[parameters[i].Key] != parameters[i].Value)
            {
                throw ArgusException.InvalidParameter(
                    $"Duplicate parameter keys have been submitted: '{parameters[i].Key}'. Please ensure the request contains only one param value per param key.");
            }
        }

        for (var i = 0; i < tags.Count; i++)
        {
            RunTag(tags[i]);
        }
    }

    public static void DatasetInput(DatasetInput input)
    {
        var d = input.Dataset ?? throw ArgusException.MissingParameter("dataset");
        Required(d.Name, "dataset.name");
        Required(d.Digest, "dataset.digest");
        Required(d.SourceType, "dataset.source_type");
        Required(d.Source, "dataset.source");
        Max(d.Name, TrackingLimits.MaxDatasetNameLength, "Dataset name");
        Max(d.Digest, TrackingLimits.MaxDatasetDigestLength, "Dataset digest");
        Max(d.Source, TrackingLimits.MaxDatasetSourceLength, "Dataset source");
        Max(d.Schema, TrackingLimits.MaxDatasetSchemaLength, "Dataset schema");
        Max(d.Profile, TrackingLimits.MaxDatasetProfileLength, "Dataset profile");
        foreach (var tag in input.Tags ?? [])
        {
            Required(tag.Key, "tags.key");
            Required(tag.Value, "tags.value");
            Max(tag.Key, TrackingLimits.MaxInputTagKeyLength, "Input tag key");
            Max(tag.Value, TrackingLimits.MaxInputTagValueLength, "Input tag value");
        }
    }

    public static int MaxResults(int? maxResults, int defaultValue, int limit)
    {
        var value = maxResults ?? defaultValue;
        if (value <= 0 || value > limit)
        {
            throw ArgusException.InvalidParameter(
                $"Invalid value {value.ToString(CultureInfo.InvariantCulture)} for parameter 'max_results' supplied. It must be a positive integer at most {limit.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    private static void Required(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw ArgusException.MissingParameter(name);
        }
    }

    private static void Max(string? value, int limit, string what)
    {
        if (value is not null && value.Length > limit)
        {
            throw ArgusException.InvalidParameter($"{what} exceeds the maximum length of {limit} characters (got {value.Length}).");
        }
    }

    // MLflow's path_not_unique: the name must be its own normpath, and not '.', '..…' or absolute.
    private static bool IsNormalPath(string key)
    {
        var normal = NormalizePath(key);
        return string.Equals(normal, key, StringComparison.Ordinal) && normal != "." && !normal.StartsWith("..", StringComparison.Ordinal) && !normal.StartsWith('/');
    }

    /// <summary>POSIX normpath: collapses separators, '.', and 'x/..'; keeps leading '..'.</summary>
    internal static string NormalizePath(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var absolute = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".." || !absolute)
            {
                parts.Add(part);
            }
        }

        var joined = string.Join('/', parts);
        if (absolute)
        {
            // POSIX keeps exactly two leading slashes, but one or three-plus collapse to one.
            var leading = path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("///", StringComparison.Ordinal) ? "//" : "/";
            return leading + joined;
        }

        return joined.Length == 0 ? "." : joined;
    }

    private static string Clip(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "...");

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
