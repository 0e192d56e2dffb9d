using System.Text.Json;
using Argus.Core.Errors;

namespace Argus.Core.Tuning;

/// <summary>
/// Reads the JSON form of a search space into the node model. Structural problems (unknown distribution,
/// wrong arity, wrong JSON type) are collected with their JSON path, then the model's own validation adds
/// the value problems (empty range, q or sigma not positive, empty choice), and all are thrown together.
/// </summary>
internal static class SearchSpaceJsonReader
{
    /// <summary>Key of a sub-space object that holds the branch label rather than a parameter.</summary>
    public const string LabelKey = "name";

    private static readonly string KnownDistributions =
        "uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal, qlognormal, randint, choice";

    public static SearchSpace Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"Invalid search space: not valid JSON ({ex.Message}).");
        }

        using (document)
        {
            var errors = new List<string>();
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("$: a search space must be a JSON object of parameter name to definition.");
                SearchSpace.ThrowIfAny(errors);
            }

            var (_, entries) = ReadEntries(document.RootElement, "$", isBranch: false, errors);
            return new SearchSpace(entries, errors);
        }
    }

    private static (string? Label, List<SpaceEntry> Entries) ReadEntries(
        JsonElement obj, string path, bool isBranch, List<string> errors)
    {
        string? label = null;
        var entries = new List<SpaceEntry>();
        foreach (var property in obj.EnumerateObject())
        {
            var propertyPath = $"{path}.{property.Name}";
            if (isBranch && property.Name == LabelKey)
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    label = property.Value.GetString();
                }
                else
                {
                    errors.Add($"{propertyPath}: the branch label must be a string.");
                }

                continue;
            }

            if (ReadNode(property.Value, propertyPath, errors) is { } node)
            {
                entries.Add(new SpaceEntry(property.Name, node));
            }
        }

        return (label, entries);
    }

    private static SpaceNode? ReadNode(JsonElement value, string path, List<string> errors)
    {
        if (ReadConstant(value) is { } constant)
        {
            return constant;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected a constant (number, string, boolean) or a distribution object.");
            return null;
        }

        var count = 0;
        JsonProperty distribution = default;
        foreach (var property in value.EnumerateObject())
        {
            distribution = property;
            count++;
        }

        if (count != 1)
        {
            errors.Add($"{path}: a distribution object needs exactly one key (one of {KnownDistributions}), found {count}.");
            return null;
        }

        var name = distribution.Name;
        var argsPath = $"{path}.{name}";
        if (distribution.Value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{argsPath}: the arguments must be a JSON array.");
            return null;
        }

        if (name == "choice")
        {
            return ReadChoice(distribution.Value, argsPath, errors);
        }

        var (minArity, maxArity, signature) = name switch
        {
            "uniform" or "loguniform" => (2, 2, "[low, high]"),
            "quniform" or "qloguniform" => (3, 3, "[low, high, q]"),
            "normal" or "lognormal" => (2, 2, "[mu, sigma]"),
            "qnormal" or "qlognormal" => (3, 3, "[mu, sigma, q]"),
            "randint" => (1, 2, "[upper] or [low, upper]"),
            _ => (-1, -1, ""),
        };
        if (minArity < 0)
        {
            errors.Add($"{path}: unknown distribution '{name}' (expected one of {KnownDistributions}).");
            return null;
        }

        var length = distribution.Value.GetArrayLength();
        if (length < minArity || length > maxArity)
        {
            errors.Add($"{argsPath}: expects {signature}, got {length} argument(s).");
            return null;
        }

        var args = new double[length];
        var ok = true;
        var i = 0;
        foreach (var arg in distribution.Value.EnumerateArray())
        {
            var integer = name == "randint";
            if (arg.ValueKind != JsonValueKind.Number || (integer && !arg.TryGetInt64(out _)))
            {
                errors.Add($"{argsPath}[{i}]: must be {(integer ? "an integer" : "a number")}.");
                ok = false;
            }
            else
            {
                args[i] = integer ? arg.GetInt64() : arg.GetDouble();
            }

            i++;
        }

        if (!ok)
        {
            return null;
        }

        var q = length == 3 ? args[2] : (double?)null;
        return name switch
        {
            "uniform" or "quniform" => new UniformDistribution(args[0], args[1], q),
            "loguniform" or "qloguniform" => new UniformDistribution(args[0], args[1], q, Log: true),
            "normal" or "qnormal" => new NormalDistribution(args[0], args[1], q),
            "lognormal" or "qlognormal" => new NormalDistribution(args[0], args[1], q, Log: true),
            _ => length == 1
                ? new RandIntDistribution(0, (long)args[0])
                : new RandIntDistribution((long)args[0], (long)args[1]),
        };
    }

    private static ChoiceNode ReadChoice(JsonElement options, string path, List<string> errors)
    {
        var nodes = new List<SpaceNode>();
        var i = 0;
        foreach (var option in options.EnumerateArray())
        {
            var optionPath = $"{path}[{i}]";
            if (ReadConstant(option) is { } constant)
            {
                nodes.Add(constant);
            }
            else if (option.ValueKind == JsonValueKind.Object)
            {
                var (label, entries) = ReadEntries(option, optionPath, isBranch: true, errors);
                nodes.Add(new SubSpaceNode(label, entries));
            }
            else
            {
                errors.Add($"{optionPath}: a choice option must be a constant or an object of branch parameters.");
            }

            i++;
        }

        return new ChoiceNode(nodes);
    }

    private static ConstantNode? ReadConstant(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out var integer)
            ? new ConstantNode(integer)
            : new ConstantNode(value.GetDouble()),
        JsonValueKind.String => new ConstantNode(value.GetString()!),
        JsonValueKind.True => new ConstantNode(true),
        JsonValueKind.False => new ConstantNode(false),
        _ => null,
    };
}
