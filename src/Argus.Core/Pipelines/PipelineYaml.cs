using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Argus.Core.Pipelines;

/// <summary>
/// Reads a pipeline file into a <see cref="PipelineDefinition"/>, validating all of it and reporting every problem at
/// once, each with its line and column. The format:
/// <code>
/// name: tips-retrain                      # letters, digits, - _ . /; at most 200 characters
/// description: Retrain and promote the tips model.
/// params:                                 # defaults, read as ${{ params.NAME }}; a run may override them
///   data: data/tips.csv
///   model: tips
/// defaults:                               # for every step that does not say otherwise
///   retries: 2                            # further attempts after a failure, 0–100 (default 0)
///   retry_delay: 30s                      # wait before the first retry (default 30s)
///   backoff: 2                            # each next wait is this many times longer, 1–10 (default 2)
///   max_retry_delay: 10m                  # the longest wait (default 10m, or retry_delay when longer)
///   timeout: 1h                           # how long one attempt may take; none = unbounded (the default)
/// on_failure:                             # who is told when a run fails after its retries
///   webhook: https://hooks.example/argus  # and/or email: {host, from, to, …}, or channels: as in a notifications file
/// steps:                                  # run in dependency order; steps that do not need each other run in file order
///   - name: data                          # letters, digits, - and _; unique
///     kind: data                          # a step kind (its settings are checked)
///     with:                               # the kind's settings: text, or a list of texts
///       path: ${{ params.data }}
///   - name: tune
///     kind: tune
///     needs: [data]                       # steps that must succeed first (one name or a list)
///     retries: 0                          # any key of defaults, for this step
///     with:
///       data: ${{ steps.data.outputs.path }}   # an output of a step this one needs (directly or not)
/// </code>
/// Durations are written <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>1h30m</c>, <c>2d</c> (<see cref="Durations"/>). Settings
/// are text as written (<c>max_evals: 20</c> is the text "20"); <see cref="Expressions"/> describes <c>${{ … }}</c>.
/// Anchors and aliases reuse a whole value (<c>with: *shared</c>); merge keys (<c>&lt;&lt;:</c>) are not read.
/// </summary>
public static class PipelineYaml
{
    /// <summary>The longest pipeline name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest step name.</summary>
    public const int MaxStepNameLength = 100;

    /// <summary>The most retries a step may have.</summary>
    public const int MaxRetries = 100;

    private static readonly string[] TopKeys = ["name", "description", "params", "defaults", "on_failure", "steps"];
    private static readonly string[] PolicyKeys = ["retries", "retry_delay", "backoff", "max_retry_delay", "timeout"];
    private static readonly string[] StepKeys = ["name", "kind", "needs", "with", .. PolicyKeys];
    private static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromMinutes(10);

    /// <summary>Reads and validates the pipeline file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgusException">RESOURCE_DOES_NOT_EXIST for a missing file; INVALID_PARAMETER_VALUE listing every problem.</exception>
    public static PipelineDefinition Load(string path, StepKindCatalog kinds)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw ArgusException.NotFound($"The pipeline file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path), kinds, path);
    }

    /// <summary>Reads and validates pipeline YAML; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE whose message lists every problem on its own line, with its line and column.</exception>
    public static PipelineDefinition Parse(string yaml, StepKindCatalog kinds, string sourceName = "the YAML")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(kinds);
        var problems = new YamlProblems();
        var root = Load(yaml, problems);
        if (root is null)
        {
            throw problems.ToException(sourceName);
        }

        var reader = new Reader(kinds, problems);
        var definition = reader.Read(root, yaml);
        if (problems.Count > 0 || definition is null)
        {
            throw problems.ToException(sourceName);
        }

        return definition;
    }

    /// <summary>Whether a YAML value is empty: nothing, <c>~</c> or <c>null</c> written plain.</summary>
    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static YamlMappingNode? Load(string yaml, YamlProblems problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            const string duplicate = "Duplicate key ";
            var message = e.Message.StartsWith(duplicate, StringComparison.Ordinal)
                ? $"'{e.Message[duplicate.Length..]}' is written twice in the same map"
                : (e.InnerException ?? e).Message;
            problems.Add(e.Start, $"not valid YAML: {message}");
            return null;
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            problems.Add((Mark?)null, "the file is empty; a pipeline needs at least a name and steps");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(stream.Documents[1].RootNode, "a pipeline file holds one YAML document; remove the second '---'");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(stream.Documents[0].RootNode, "a pipeline is a map with name, steps and optionally description, params, defaults, on_failure");
            return null;
        }

        return root;
    }

    /// <summary>The retry and timeout keys as written (in <c>defaults</c> or on a step); null: not written.</summary>
    private sealed record PolicyText(int? Retries, TimeSpan? RetryDelay, double? Backoff, TimeSpan? MaxRetryDelay, TimeSpan? Timeout, bool NoTimeout);

    /// <summary>A step as written, with the nodes its problems point at.</summary>
    private sealed class StepNode
    {
        public required YamlMappingNode Node { get; init; }

        public string? Name { get; set; }

        public YamlNode? NameNode { get; set; }

        public string? Kind { get; set; }

        public YamlNode? KindNode { get; set; }

        public List<(string Name, YamlNode Node)> Needs { get; } = [];

        public YamlNode? WithKey { get; set; }

        public List<(string Name, YamlNode Key, YamlNode Value, StepValue StepValue)> Settings { get; } = [];

        public PolicyText Policy { get; set; } = new(null, null, null, null, null, false);
    }

    private sealed class Reader(StepKindCatalog kinds, YamlProblems problems)
    {
        public PipelineDefinition? Read(YamlMappingNode root, string source)
        {
            string? name = null;
            string? description = null;
            YamlNode? nameNode = null;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var defaults = new PolicyText(null, null, null, null, null, false);
            Notifications.NotificationOptions? onFailure = null;
            var steps = new List<StepNode>();
            YamlNode? stepsNode = null;
            foreach (var (keyNode, value) in root.Children)
            {
                var key = Key(keyNode);
                switch (key)
                {
                    case null:
                        break;
                    case "name":
                        nameNode = value;
                        name = Scalar(value, "name");
                        break;
                    case "description":
                        description = IsNull(value) ? null : Scalar(value, "description");
                        break;
                    case "params":
                        ReadParameters(value, parameters);
                        break;
                    case "defaults":
                        defaults = ReadDefaults(value);
                        break;
                    case "on_failure":
                        onFailure = OnFailureBlock.Read(keyNode, value, problems);
                        break;
                    case "steps":
                        stepsNode = value;
                        ReadSteps(value, steps);
                        break;
                    default:
                        problems.Add(keyNode, $"unknown key '{key}'{NameHints.DidYouMean(key, TopKeys)}; a pipeline has {string.Join(", ", TopKeys)}");
                        break;
                }
            }

            CheckName(name, nameNode, root);
            if (stepsNode is null)
            {
                problems.Add(root, "steps is required: a list of steps, each with a name and a kind");
            }
            else if (IsNull(stepsNode) || stepsNode is YamlSequenceNode { Children.Count: 0 })
            {
                problems.Add(stepsNode, "steps is empty; a pipeline needs at least one step");
            }

            var definitions = CheckSteps(steps, parameters, defaults);
            if (problems.Count > 0 || name is null)
            {
                return null;
            }

            return new PipelineDefinition
            {
                Name = name,
                Description = description,
                Parameters = parameters,
                Steps = definitions,
                OnFailure = onFailure,
                Source = source,
            };
        }

        private void CheckName(string? name, YamlNode? node, YamlNode root)
        {
            if (node is null)
            {
                problems.Add(root, "name is required: the pipeline's name (letters, digits, - _ . /)");
            }
            else if (name is not null && (name.Length == 0 || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
            {
                problems.Add(node, $"name '{name}' must be 1–{MaxNameLength} letters, digits, '-', '_', '.' or '/'");
            }
        }

        private void ReadParameters(YamlNode node, Dictionary<string, string> parameters)
        {
            if (IsNull(node))
            {
                return;
            }

            if (node is not YamlMappingNode mapping)
            {
                problems.Add(node, "params must be a map of parameter names to default values");
                return;
            }

            foreach (var (keyNode, value) in mapping.Children)
            {
                if (Key(keyNode) is not { } key)
                {
                    continue;
                }

                if (!Expressions.IsName(key))
                {
                    problems.Add(keyNode, $"parameter name '{key}' may hold only letters, digits, '-' and '_'");
                }

                if (value is YamlScalarNode scalar)
                {
                    parameters[key] = IsNull(scalar) ? string.Empty : scalar.Value ?? string.Empty;
                }
                else
                {
                    problems.Add(value, $"parameter '{key}' must be one value (text), not a list or a map");
                }
            }
        }

        private PolicyText ReadDefaults(YamlNode node)
        {
            var policy = new PolicyText(null, null, null, null, null, false);
            if (IsNull(node))
            {
                return policy;
            }

            if (node is not YamlMappingNode mapping)
            {
                problems.Add(node, $"defaults must be a map of {string.Join(", ", PolicyKeys)}");
                return policy;
            }

            foreach (var (keyNode, value) in mapping.Children)
            {
                if (Key(keyNode) is { } key && !ReadPolicyKey(key, value, ref policy, "defaults"))
                {
                    problems.Add(keyNode, $"defaults has no key '{key}'{NameHints.DidYouMean(key, PolicyKeys)}; defaults take {string.Join(", ", PolicyKeys)}");
                }
            }

            return policy;
        }

        // False when the key is not a policy key; problems with the value are added here.
        private bool ReadPolicyKey(string key, YamlNode value, ref PolicyText policy, string where)
        {
            switch (key)
            {
                case "retries":
                    var retriesText = Scalar(value, $"{where} retries");
                    if (int.TryParse(retriesText, NumberStyles.None, CultureInfo.InvariantCulture, out var retries) && retries <= MaxRetries)
                    {
                        policy = policy with { Retries = retries };
                    }
                    else if (retriesText is not null)
                    {
                        problems.Add(value, $"{where} retries must be a whole number from 0 to {MaxRetries} (got '{retriesText}')");
                    }

                    return true;
                case "retry_delay":
                    policy = policy with { RetryDelay = Duration(value, $"{where} retry_delay", allowZero: true) };
                    return true;
                case "max_retry_delay":
                    policy = policy with { MaxRetryDelay = Duration(value, $"{where} max_retry_delay", allowZero: true) };
                    return true;
                case "backoff":
                    var backoffText = Scalar(value, $"{where} backoff");
                    if (double.TryParse(backoffText, NumberStyles.Float, CultureInfo.InvariantCulture, out var backoff) && backoff is >= 1 and <= 10)
                    {
                        policy = policy with { Backoff = backoff };
                    }
                    else if (backoffText is not null)
                    {
                        problems.Add(value, $"{where} backoff must be a number from 1 to 10 (got '{backoffText}')");
                    }

                    return true;
                case "timeout":
                    if (value is YamlScalarNode { Value: "none" or "None" or "NONE" })
                    {
                        policy = policy with { Timeout = null, NoTimeout = true };
                    }
                    else
                    {
                        policy = policy with { Timeout = Duration(value, $"{where} timeout", allowZero: false), NoTimeout = false };
                    }

                    return true;
                default:
                    return false;
            }
        }

        private TimeSpan? Duration(YamlNode node, string what, bool allowZero)
        {
            var text = Scalar(node, what);
            if (text is null)
            {
                return null;
            }

            if (Durations.TryParse(text, out var duration) && (allowZero || duration > TimeSpan.Zero))
            {
                return duration;
            }

            problems.Add(node, $"{what} '{text}' is not a {(allowZero ? string.Empty : "positive ")}duration: {Durations.Help}{(what.EndsWith("timeout", StringComparison.Ordinal) ? "; none for no timeout" : string.Empty)}");
            return null;
        }

        private void ReadSteps(YamlNode node, List<StepNode> steps)
        {
            if (IsNull(node))
            {
                return;
            }

            if (node is not YamlSequenceNode sequence)
            {
                problems.Add(node, "steps must be a list: each item '- name: …' with a kind");
                return;
            }

            foreach (var item in sequence)
            {
                if (item is not YamlMappingNode mapping)
                {
                    problems.Add(item, "a step must be a map with name and kind (and needs, with, retries, …)");
                    continue;
                }

                steps.Add(ReadStep(mapping));
            }
        }

        private StepNode ReadStep(YamlMappingNode mapping)
        {
            var step = new StepNode { Node = mapping };
            foreach (var (keyNode, value) in mapping.Children)
            {
                switch ((keyNode as YamlScalarNode)?.Value)
                {
                    case "name":
                        step.Name = Scalar(value, "step name");
                        step.NameNode = value;
                        break;
                    case "kind":
                        step.KindNode = value;
                        break;
                    default:
                        break;
                }
            }

            var label = step.Name is null ? "a step" : $"step '{step.Name}'";
            var kindName = (step.KindNode as YamlScalarNode)?.Value;
            var policy = step.Policy;
            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = Key(keyNode);
                switch (key)
                {
                    case null or "name":
                        break;
                    case "kind":
                        step.Kind = Scalar(value, $"{label} kind");
                        break;
                    case "needs":
                        ReadNeeds(value, step, label);
                        break;
                    case "with":
                        step.WithKey = keyNode;
                        ReadSettings(value, step, label);
                        break;
                    default:
                        if (!ReadPolicyKey(key, value, ref policy, label))
                        {
                            var hint = NameHints.DidYouMean(key, StepKeys);
                            if (hint.Length == 0 && kindName is not null && kinds.TryGet(kindName, out var kind) && kind.Settings.Any(s => s.Name == key))
                            {
                                hint = $" ('{key}' is a setting of kind '{kindName}': put it under with:)";
                            }

                            problems.Add(keyNode, $"{label} has no key '{key}'{hint}; a step has {string.Join(", ", StepKeys)}");
                        }

                        break;
                }
            }

            step.Policy = policy;
            if (step.Name is null && step.NameNode is null)
            {
                problems.Add(mapping, "a step needs a name");
            }

            if (step.Kind is null && step.KindNode is null)
            {
                problems.Add(mapping, $"{label} needs a kind; known kinds: {kinds.KnownList()}");
            }

            return step;
        }

        private void ReadNeeds(YamlNode node, StepNode step, string label)
        {
            if (IsNull(node))
            {
                return;
            }

            IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : [node];
            foreach (var item in items)
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } need } && !IsNull(item))
                {
                    step.Needs.Add((need, item));
                }
                else
                {
                    problems.Add(item, $"{label} needs must be a step name or a list of step names");
                }
            }
        }

        private void ReadSettings(YamlNode node, StepNode step, string label)
        {
            if (IsNull(node))
            {
                return;
            }

            if (node is not YamlMappingNode mapping)
            {
                problems.Add(node, $"{label} with must be a map of setting names to values");
                return;
            }

            foreach (var (keyNode, value) in mapping.Children)
            {
                if (Key(keyNode) is not { } key)
                {
                    continue;
                }

                switch (value)
                {
                    case YamlScalarNode scalar when IsNull(scalar):
                        problems.Add(value, $"{label} setting '{key}' has no value; write \"\" for empty text, or leave the setting out");
                        break;
                    case YamlScalarNode scalar:
                        step.Settings.Add((key, keyNode, value, StepValue.Of(scalar.Value ?? string.Empty)));
                        break;
                    case YamlSequenceNode sequence:
                        var list = new List<string>();
                        foreach (var item in sequence)
                        {
                            if (item is YamlScalarNode element && !IsNull(element))
                            {
                                list.Add(element.Value ?? string.Empty);
                            }
                            else
                            {
                                problems.Add(item, $"{label} setting '{key}': list items must be single values (text), not lists, maps or empty");
                            }
                        }

                        step.Settings.Add((key, keyNode, value, StepValue.Of(list)));
                        break;
                    default:
                        problems.Add(value, $"{label} setting '{key}' is a map; settings are text or lists of text (write JSON in quotes if the kind reads JSON)");
                        break;
                }
            }
        }

        private List<StepDefinition> CheckSteps(List<StepNode> steps, Dictionary<string, string> parameters, PolicyText defaults)
        {
            var byName = new Dictionary<string, StepNode>(StringComparer.Ordinal);
            foreach (var step in steps)
            {
                if (step.Name is not { } name)
                {
                    continue;
                }

                if (name.Length == 0 || name.Length > MaxStepNameLength || !Expressions.IsName(name))
                {
                    problems.Add(step.NameNode, $"step name '{name}' must be 1–{MaxStepNameLength} letters, digits, '-' or '_'");
                }
                else if (!byName.TryAdd(name, step))
                {
                    problems.Add(step.NameNode, $"step name '{name}' is used twice (first at line {byName[name].NameNode?.Start.Line})");
                }
            }

            foreach (var step in steps)
            {
                CheckKind(step);
                CheckNeeds(step, byName);
            }

            var named = steps.Where(s => s.Name is not null && byName.TryGetValue(s.Name, out var first) && ReferenceEquals(first, s)).ToList();
            var shapes = named.Select(s => new StepDefinition { Name = s.Name!, Kind = s.Kind ?? string.Empty, Needs = [.. s.Needs.Select(n => n.Name)] }).ToList();
            foreach (var cycle in PipelineGraph.FindCycles(shapes))
            {
                problems.Add(byName[cycle[0]].NameNode, PipelineGraph.DescribeCycle(cycle));
            }

            foreach (var step in named)
            {
                CheckExpressions(step, byName, parameters);
            }

            var definitions = new List<StepDefinition>(named.Count);
            foreach (var step in named)
            {
                definitions.Add(new StepDefinition
                {
                    Name = step.Name!,
                    Kind = step.Kind ?? string.Empty,
                    Needs = [.. step.Needs.Select(n => n.Name)],
                    Retry = Retry(step, defaults),
                    Timeout = step.Policy.NoTimeout ? null : step.Policy.Timeout ?? defaults.Timeout,
                    With = step.Settings.ToDictionary(s => s.Name, s => s.StepValue, StringComparer.Ordinal),
                });
            }

            return definitions;
        }

        private RetryPolicy Retry(StepNode step, PolicyText defaults)
        {
            var retries = step.Policy.Retries ?? defaults.Retries ?? 0;
            var delay = step.Policy.RetryDelay ?? defaults.RetryDelay ?? DefaultRetryDelay;
            var backoff = step.Policy.Backoff ?? defaults.Backoff ?? 2;
            var max = step.Policy.MaxRetryDelay ?? defaults.MaxRetryDelay;
            if (max is { } cap && cap < delay)
            {
                problems.Add(step.NameNode ?? step.Node,
                    $"step '{step.Name}': max_retry_delay {Durations.Format(cap)} is shorter than retry_delay {Durations.Format(delay)}");
            }

            return new RetryPolicy(retries, delay, backoff, max ?? (delay > DefaultMaxRetryDelay ? delay : DefaultMaxRetryDelay));
        }

        private void CheckKind(StepNode step)
        {
            if (step.Kind is not { } kindName)
            {
                return;
            }

            var label = step.Name is null ? "a step" : $"step '{step.Name}'";
            if (!kinds.TryGet(kindName, out var kind))
            {
                problems.Add(step.KindNode, $"{label}: unknown kind '{kindName}'{NameHints.DidYouMean(kindName, kinds.Names)}; known kinds: {kinds.KnownList()}");
                return;
            }

            var accepted = kind.Settings.ToDictionary(s => s.Name, StringComparer.Ordinal);
            foreach (var (name, key, value, stepValue) in step.Settings)
            {
                if (!accepted.TryGetValue(name, out var setting))
                {
                    var list = accepted.Count == 0 ? "it takes none" : "it takes " + string.Join(", ", accepted.Keys);
                    problems.Add(key, $"{label}: kind '{kindName}' has no setting '{name}'{NameHints.DidYouMean(name, accepted.Keys)}; {list}");
                }
                else if (stepValue.List is not null && !setting.IsList)
                {
                    problems.Add(value, $"{label}: setting '{name}' takes one value, not a list");
                }
            }

            foreach (var setting in kind.Settings.Where(s => s.Required && step.Settings.All(given => given.Name != s.Name)))
            {
                problems.Add(step.WithKey ?? step.NameNode ?? step.Node,
                    $"{label}: kind '{kindName}' requires setting '{setting.Name}' ({setting.Description})");
            }
        }

        private void CheckNeeds(StepNode step, Dictionary<string, StepNode> byName)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var label = step.Name is null ? "a step" : $"step '{step.Name}'";
            foreach (var (need, node) in step.Needs)
            {
                if (!seen.Add(need))
                {
                    problems.Add(node, $"{label} needs '{need}' twice");
                }
                else if (need == step.Name)
                {
                    problems.Add(node, $"{label} needs itself");
                }
                else if (!byName.ContainsKey(need))
                {
                    problems.Add(node, $"{label} needs '{need}', which is not a step{NameHints.DidYouMean(need, byName.Keys)}");
                }
            }
        }

        private void CheckExpressions(StepNode step, Dictionary<string, StepNode> byName, Dictionary<string, string> parameters)
        {
            var upstream = Upstream(step, byName);
            foreach (var (name, _, value, stepValue) in step.Settings)
            {
                var location = $"step '{step.Name}' setting '{name}'";
                var texts = stepValue.List is { } list
                    ? ((YamlSequenceNode)value).Children.Where(c => c is YamlScalarNode && !IsNull(c)).Zip(list)
                    : [(value, stepValue.Text ?? string.Empty)];
                foreach (var (node, text) in texts)
                {
                    if (!Expressions.TryParse(text, out var template, out var error))
                    {
                        problems.Add(node, $"{location}: {error}");
                        continue;
                    }

                    foreach (var reference in template.References)
                    {
                        var problem = reference.Source switch
                        {
                            ExpressionSource.Parameter when !parameters.ContainsKey(reference.Name) =>
                                $"the pipeline has no parameter '{reference.Name}'{NameHints.DidYouMean(reference.Name, parameters.Keys)}; " +
                                (parameters.Count == 0 ? "declare it under params:" : "its parameters: " + string.Join(", ", parameters.Keys)),
                            ExpressionSource.StepOutput when reference.Name == step.Name => "a step cannot read its own outputs",
                            ExpressionSource.StepOutput when !byName.ContainsKey(reference.Name) =>
                                $"there is no step '{reference.Name}'{NameHints.DidYouMean(reference.Name, byName.Keys)}",
                            ExpressionSource.StepOutput when !upstream.Contains(reference.Name) =>
                                $"step '{step.Name}' does not need '{reference.Name}' (directly or through other steps), so it may run before its outputs exist; add '{reference.Name}' to needs",
                            _ => null,
                        };
                        if (problem is not null)
                        {
                            problems.Add(node, $"{location}: {reference.Text} — {problem}");
                        }
                    }
                }
            }
        }

        // The steps a step needs, directly or not; needs that name no step and cycles are reported elsewhere.
        private static HashSet<string> Upstream(StepNode step, Dictionary<string, StepNode> byName)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(step.Needs.Select(n => n.Name));
            while (stack.TryPop(out var name))
            {
                if (seen.Add(name) && byName.TryGetValue(name, out var needed))
                {
                    foreach (var (need, _) in needed.Needs)
                    {
                        stack.Push(need);
                    }
                }
            }

            return seen;
        }

        private string? Key(YamlNode node)
        {
            if (node is YamlScalarNode { Value: "<<" })
            {
                problems.Add(node, "merge keys (<<) are not read; repeat the keys, or reuse a whole value with an alias (with: *shared)");
                return null;
            }

            if (node is YamlScalarNode { Value: { } key })
            {
                return key;
            }

            problems.Add(node, "keys must be plain names");
            return null;
        }

        private string? Scalar(YamlNode node, string what)
        {
            if (node is YamlScalarNode scalar && !IsNull(scalar))
            {
                return scalar.Value ?? string.Empty;
            }

            problems.Add(node, node is YamlScalarNode ? $"{what} has no value" : $"{what} must be one value, not a list or a map");
            return null;
        }
    }
}
