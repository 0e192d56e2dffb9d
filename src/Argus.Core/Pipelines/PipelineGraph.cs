using System.Collections.Concurrent;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;

namespace Argus.Core.Pipelines;

/// <summary>
/// The steps of a pipeline as a DAG (a step points to the steps it <see cref="StepDefinition.Needs"/>): a run order, the
/// steps before and after each one, and which steps may start given how the others went. Immutable; safe to share.
/// </summary>
public sealed class PipelineGraph
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string>[] _dependents;
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _upstream = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _downstream = new(StringComparer.Ordinal);

    /// <summary>Builds the graph of <paramref name="steps"/> (in file order).</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE: a name used twice, a need that is not a step, or a cycle (named).</exception>
    public PipelineGraph(IReadOnlyList<StepDefinition> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        Steps = steps;
        var problems = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (!_index.TryAdd(steps[i].Name, i))
            {
                problems.Add($"step '{steps[i].Name}' is defined twice");
            }
        }

        _dependents = new List<string>[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            _dependents[i] = [];
        }

        foreach (var step in steps)
        {
            foreach (var need in step.Needs)
            {
                if (_index.TryGetValue(need, out var needed))
                {
                    _dependents[needed].Add(step.Name);
                }
                else
                {
                    problems.Add($"step '{step.Name}' needs '{need}', which is not a step");
                }
            }
        }

        if (problems.Count == 0)
        {
            problems.AddRange(FindCycles(steps).Select(DescribeCycle));
        }

        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter("Invalid pipeline steps: " + string.Join("; ", problems) + ".");
        }

        Order = TopologicalOrder();
    }

    /// <summary>The steps in file order.</summary>
    public IReadOnlyList<StepDefinition> Steps { get; }

    /// <summary>
    /// The step names in run order: every step after the steps it needs and, among steps that could go next, the one
    /// written first in the file — so the order is stable and a file already in order keeps its order.
    /// </summary>
    public IReadOnlyList<string> Order { get; }

    /// <summary>The graph of a validated definition.</summary>
    public static PipelineGraph Of(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new PipelineGraph(definition.Steps);
    }

    /// <summary>The step named <paramref name="name"/>.</summary>
    /// <exception cref="ArgusException">RESOURCE_DOES_NOT_EXIST when there is no such step.</exception>
    public StepDefinition Step(string name) => Steps[IndexOf(name)];

    /// <summary>Every step <paramref name="step"/> needs, directly or through other steps.</summary>
    public IReadOnlySet<string> Upstream(string step)
    {
        IndexOf(step);
        return UpstreamOf(step);
    }

    /// <summary>Every step that needs <paramref name="step"/>, directly or through other steps.</summary>
    public IReadOnlySet<string> Downstream(string step)
    {
        IndexOf(step);
        return _downstream.GetOrAdd(step, name => Reach(name, n => _dependents[_index[n]]));
    }

    /// <summary>
    /// The steps not in <paramref name="succeeded"/> whose needs all are, in run order: what may start once those steps
    /// have succeeded (a runner leaves out the ones it already started). Empty at the end of a run.
    /// </summary>
    public IReadOnlyList<string> ReadyAfter(IReadOnlyCollection<string> succeeded)
    {
        ArgumentNullException.ThrowIfNull(succeeded);
        var done = succeeded as IReadOnlySet<string> ?? new HashSet<string>(succeeded, StringComparer.Ordinal);
        return [.. Order.Where(name => !done.Contains(name) && Steps[_index[name]].Needs.All(done.Contains))];
    }

    /// <summary>
    /// The pending steps (absent from <paramref name="states"/> counts as pending) whose needs have all succeeded, in run
    /// order: what a runner starts next.
    /// </summary>
    public IReadOnlyList<string> Ready(IReadOnlyDictionary<string, StepState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        return [.. Order.Where(name => IsPending(states, name)
            && Steps[_index[name]].Needs.All(need => states.TryGetValue(need, out var state) && state == StepState.Succeeded))];
    }

    /// <summary>
    /// The pending steps that can no longer start because a step before them (directly or not) failed or was skipped,
    /// in run order: what a runner marks <see cref="StepState.Skipped"/>.
    /// </summary>
    public IReadOnlyList<string> Blocked(IReadOnlyDictionary<string, StepState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        return [.. Order.Where(name => IsPending(states, name)
            && UpstreamOf(name).Any(up => states.TryGetValue(up, out var state) && state is StepState.Failed or StepState.Skipped))];
    }

    /// <summary>
    /// The cycles among <paramref name="steps"/>' needs (needs that name no step are ignored): one per group of steps that
    /// need each other, each written from its step first in the file and back to it, e.g. <c>[a, b, c, a]</c> when a needs
    /// b, b needs c and c needs a. Empty for a DAG.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> FindCycles(IReadOnlyList<StepDefinition> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            index.TryAdd(steps[i].Name, i);
        }

        var edges = new List<int>[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            edges[i] = [.. steps[i].Needs.Where(index.ContainsKey).Select(n => index[n]).Distinct()];
        }

        var cycles = new List<IReadOnlyList<string>>();
        foreach (var component in StronglyConnected(edges).OrderBy(c => c.Min()))
        {
            var start = component.Min();
            if (component.Count == 1 && !edges[start].Contains(start))
            {
                continue;
            }

            cycles.Add([.. ShortestCycle(start, component, edges).Select(i => steps[i].Name)]);
        }

        return cycles;
    }

    /// <summary><c>needs form a cycle: a → b → c → a</c>.</summary>
    internal static string DescribeCycle(IReadOnlyList<string> cycle) =>
        $"needs form a cycle: {string.Join(" → ", cycle)} (each step needs the next)";

    // Computed when first asked for: a long chain of steps would otherwise cost quadratic time and memory up front.
    private IReadOnlySet<string> UpstreamOf(string name) => _upstream.GetOrAdd(name, n => Reach(n, s => Steps[_index[s]].Needs));

    private static bool IsPending(IReadOnlyDictionary<string, StepState> states, string name) =>
        !states.TryGetValue(name, out var state) || state == StepState.Pending;

    private int IndexOf(string name) => _index.TryGetValue(name, out var i)
        ? i
        : throw ArgusException.NotFound($"The pipeline has no step '{name}'.");

    private List<string> TopologicalOrder()
    {
        var waiting = new int[Steps.Count];
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < Steps.Count; i++)
        {
            waiting[i] = Steps[i].Needs.Distinct(StringComparer.Ordinal).Count();
            if (waiting[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = new List<string>(Steps.Count);
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(Steps[next].Name);
            foreach (var dependent in _dependents[next].Distinct(StringComparer.Ordinal))
            {
                var d = _index[dependent];
                if (--waiting[d] == 0)
                {
                    ready.Enqueue(d, d);
                }
            }
        }

        return order;
    }

    private HashSet<string> Reach(string from, Func<string, IEnumerable<string>> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(next(from));
        while (stack.TryPop(out var name))
        {
            if (seen.Add(name))
            {
                foreach (var n in next(name))
                {
                    stack.Push(n);
                }
            }
        }

        return seen;
    }

    // Tarjan's algorithm, iterative so a long chain of steps cannot overflow the stack.
    private static List<List<int>> StronglyConnected(List<int>[] edges)
    {
        var count = edges.Length;
        var order = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(order, -1);
        var stack = new Stack<int>();
        var components = new List<List<int>>();
        var counter = 0;
        for (var root = 0; root < count; root++)
        {
            if (order[root] >= 0)
            {
                continue;
            }

            var work = new Stack<(int Node, int Edge)>();
            work.Push((root, 0));
            order[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            while (work.TryPop(out var frame))
            {
                var (node, edge) = frame;
                if (edge < edges[node].Count)
                {
                    work.Push((node, edge + 1));
                    var target = edges[node][edge];
                    if (order[target] < 0)
                    {
                        order[target] = low[target] = counter++;
                        stack.Push(target);
                        onStack[target] = true;
                        work.Push((target, 0));
                    }
                    else if (onStack[target])
                    {
                        low[node] = Math.Min(low[node], order[target]);
                    }

                    continue;
                }

                if (work.TryPeek(out var parent))
                {
                    low[parent.Node] = Math.Min(low[parent.Node], low[node]);
                }

                if (low[node] == order[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }
            }
        }

        return components;
    }

    private static List<int> ShortestCycle(int start, List<int> component, List<int>[] edges)
    {
        var members = component.ToHashSet();
        var parent = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.TryDequeue(out var node))
        {
            foreach (var target in edges[node])
            {
                if (target == start)
                {
                    var path = new List<int> { start };
                    for (var n = node; n != start; n = parent[n])
                    {
                        path.Add(n);
                    }

                    path.Add(start);
                    path.Reverse(1, path.Count - 2);
                    return path;
                }

                if (members.Contains(target) && target != start && parent.TryAdd(target, node))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return [start, start];
    }
}
