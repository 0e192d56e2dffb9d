using Argus.Core.Errors;
using Argus.Core.Notifications;
using YamlDotNet.RepresentationModel;

namespace Argus.Core.Pipelines;

/// <summary>
/// Reads a pipeline's <c>on_failure</c> block into <see cref="NotificationOptions"/>. The block takes what a notifications
/// file takes (<c>channels</c>, <c>attempts</c>, <c>initial_delay_seconds</c>, <c>max_delay_seconds</c>,
/// <c>timeout_seconds</c>) and two shorthands: <c>webhook: URL</c> (or a webhook channel's keys) and <c>email:</c> with an
/// email channel's keys. It is handed to <see cref="NotificationOptions.Parse"/>, so the rules are the same everywhere.
/// </summary>
internal static class OnFailureBlock
{
    private static readonly string[] BlockKeys = ["webhook", "email", "channels", "attempts", "initial_delay_seconds", "max_delay_seconds", "timeout_seconds"];

    private static readonly string[] ChannelKeys =
    [
        "name", "type", "host", "port", "security", "username", "password", "password_env", "from", "to", "ca_certificate",
        "subject_prefix", "url", "format", "headers",
    ];

    public static NotificationOptions? Read(YamlNode key, YamlNode node, YamlProblems problems)
    {
        if (PipelineYaml.IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode block)
        {
            problems.Add(node, "on_failure must be a map: webhook, email or channels (as in a notifications file)");
            return null;
        }

        var before = problems.Count;
        var document = new YamlMappingNode();
        var channels = new YamlSequenceNode();
        foreach (var (entryKey, value) in block.Children)
        {
            var name = (entryKey as YamlScalarNode)?.Value ?? string.Empty;
            switch (name)
            {
                case "webhook" when value is YamlScalarNode url:
                    channels.Add(new YamlMappingNode { { "name", "webhook" }, { "type", "webhook" }, { "url", url.Value ?? string.Empty } });
                    break;
                case "webhook" or "email":
                    if (Channel(value, name, problems) is { } channel)
                    {
                        channels.Add(channel);
                    }

                    break;
                case "channels":
                    if (value is YamlSequenceNode list)
                    {
                        foreach (var item in list)
                        {
                            if (Channel(item, null, problems) is { } listed)
                            {
                                channels.Add(listed);
                            }
                        }
                    }
                    else
                    {
                        problems.Add(value, "on_failure channels must be a list of channels");
                    }

                    break;
                case "attempts":
                    Number(value, name, integer: true, problems);
                    document.Add(name, value);
                    break;
                case "initial_delay_seconds" or "max_delay_seconds" or "timeout_seconds":
                    Number(value, name, integer: false, problems);
                    document.Add(name, value);
                    break;
                default:
                    problems.Add(entryKey, $"on_failure has no key '{name}'{NameHints.DidYouMean(name, BlockKeys)}; its keys: {string.Join(", ", BlockKeys)}");
                    break;
            }
        }

        if (channels.Children.Count == 0 && problems.Count == before)
        {
            problems.Add(key, "on_failure names no channel: give webhook: URL, email: with its settings, or channels");
        }

        if (problems.Count > before)
        {
            return null;
        }

        document.Add("channels", channels);
        using var text = new StringWriter();
        new YamlStream(new YamlDocument(document)).Save(text, assignAnchors: false);
        try
        {
            return NotificationOptions.Parse(text.ToString(), "on_failure");
        }
        catch (ArgusException e)
        {
            problems.Add(key, e.Message.TrimEnd('.'));
            return null;
        }
    }

    // A channel as the notifications file writes it; for the shorthands, the name and type come from the key.
    private static YamlMappingNode? Channel(YamlNode node, string? shorthand, YamlProblems problems)
    {
        var where = shorthand is null ? "an on_failure channel" : $"on_failure {shorthand}";
        if (node is not YamlMappingNode mapping)
        {
            problems.Add(node, shorthand == "webhook"
                ? "on_failure webhook must be a URL or a map with url (and format, headers)"
                : $"{where} must be a map of channel settings ({string.Join(", ", ChannelKeys)})");
            return null;
        }

        var channel = new YamlMappingNode();
        var ok = true;
        foreach (var (entryKey, value) in mapping.Children)
        {
            var name = (entryKey as YamlScalarNode)?.Value ?? string.Empty;
            if (!ChannelKeys.Contains(name) || (shorthand is not null && name == "type"))
            {
                problems.Add(entryKey, $"{where} has no setting '{name}'{NameHints.DidYouMean(name, ChannelKeys)}");
                ok = false;
            }
            else if (name == "port")
            {
                ok &= Number(value, name, integer: true, problems);
                channel.Add(name, value);
            }
            else if (name == "to" && value is YamlScalarNode address)
            {
                channel.Add(name, new YamlSequenceNode(new YamlScalarNode(address.Value ?? string.Empty)));
            }
            else if (name is "to" ? value is not YamlSequenceNode : name is "headers" ? value is not YamlMappingNode : value is not YamlScalarNode)
            {
                problems.Add(value, $"{where}: {name} must be {(name == "to" ? "an address or a list of addresses" : name == "headers" ? "a map" : "one value")}");
                ok = false;
            }
            else
            {
                channel.Add(name, value);
            }
        }

        if (shorthand is not null)
        {
            if (!channel.Children.ContainsKey(new YamlScalarNode("name")))
            {
                channel.Add("name", shorthand);
            }

            channel.Add("type", shorthand);
        }

        return ok ? channel : null;
    }

    private static bool Number(YamlNode node, string name, bool integer, YamlProblems problems)
    {
        var text = (node as YamlScalarNode)?.Value;
        var valid = integer
            ? int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _)
            : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        if (!valid)
        {
            problems.Add(node, $"on_failure {name} must be {(integer ? "a whole number" : "a number")} (got '{text}')");
        }

        return valid;
    }
}
