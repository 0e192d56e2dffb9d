using System.CommandLine;
using Argus.Cli.Output;
using Argus.Core.Tracking;

namespace Argus.Cli;

/// <summary>Options several commands share; each command gets its own instance.</summary>
internal static class CommonOptions
{
    private const string Active = "active";
    private const string Deleted = "deleted";
    private const string All = "all";
    private const string Table = "table";
    private const string Json = "json";

    public static Option<string?> TrackingUri(params string[] aliases) => new("--tracking-uri", aliases)
    {
        Description = "Tracking store: sqlite:///path.db, postgresql://user:password@host:port/db or http(s)://host:port. " +
                      "Default: $ARGUS_TRACKING_URI, else the embedded store in $ARGUS_HOME or ~/.argus.",
    };

    /// <summary><c>--pushgateway</c>: where a batch job pushes its metrics when it ends.</summary>
    public static Option<string?> Pushgateway() => new("--pushgateway")
    {
        Description = "Push this job's metrics to a Prometheus Pushgateway when it ends (e.g. http://localhost:9091). " +
                      "Default: $ARGUS_PUSHGATEWAY_URL. A push that fails prints a warning; the job's outcome stands.",
    };

    /// <summary><c>--host</c>: the interface a server listens on.</summary>
    public static Option<string> Host(string defaultHost) => new("--host")
    {
        Description = "The interface to listen on; 0.0.0.0 exposes the server to the network.",
        DefaultValueFactory = _ => defaultHost,
    };

    /// <summary><c>--port</c>/<c>-p</c>: the port a server listens on, 0 for any free one.</summary>
    public static Option<int> Port(int defaultPort)
    {
        var option = new Option<int>("--port", "-p")
        {
            Description = "The port; 0 picks a free one.",
            DefaultValueFactory = _ => defaultPort,
        };
        option.Validators.Add(static result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value is < 0 or > 65535)
            {
                result.AddError($"--port must be between 0 and 65535, not {value}.");
            }
        });
        return option;
    }

    public static Option<string> Output()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "table (for people) or json (MLflow's REST response shape, for scripts).",
            DefaultValueFactory = static _ => Table,
        };
        option.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, Table, Json);
        return option;
    }

    /// <summary>The format an accepted <c>--output</c> value names.</summary>
    public static OutputFormat OutputFormatOf(string? output) => string.Equals(output, Json, StringComparison.OrdinalIgnoreCase) ? OutputFormat.Json : OutputFormat.Table;

    public static Option<string> View()
    {
        var option = new Option<string>("--view")
        {
            Description = "Which lifecycle stage to list: active, deleted or all.",
            DefaultValueFactory = static _ => Active,
        };
        option.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, Active, Deleted, All);
        return option;
    }

    /// <summary>The view type an accepted <c>--view</c> value names.</summary>
    public static ViewType ViewTypeOf(string? view) => view?.ToLowerInvariant() switch
    {
        Deleted => ViewType.DeletedOnly,
        All => ViewType.All,
        _ => ViewType.ActiveOnly,
    };

    public static Option<string?> Filter(string example) => new("--filter")
    {
        Description = $"A search filter in MLflow's syntax, e.g. {example}.",
    };

    public static Option<string[]> OrderBy(string example) => new("--order-by")
    {
        Description = $"Sort clause, repeatable, e.g. {example}.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<int> MaxResults(int defaultValue, int max)
    {
        var option = new Option<int>("--max-results")
        {
            Description = $"How many to return (1 to {max}).",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < 1 || value > max)
            {
                result.AddError($"--max-results must be between 1 and {max}, not {value}.");
            }
        });
        return option;
    }

    public static Option<string?> PageToken() => new("--page-token")
    {
        Description = "Continue a listing from the token the previous page printed.",
    };
}
