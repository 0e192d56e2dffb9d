using System.Globalization;
using Argus.Core.Artifacts;
using Argus.Core.Auth;
using Argus.Core.Auth.Rest;
using Argus.Core.Errors;
using Argus.Core.Registry.Rest;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;
using Argus.Server.Endpoints;
using Argus.Server.Hosting;
using Argus.Server.Serving;

namespace Argus.Server.Auth;

/// <summary>
/// The one table of what every route needs, keyed by method and route template, as MLflow's auth app maps its
/// endpoints: READ to read an experiment, its runs, metrics and artifacts, or a registered model and its versions;
/// EDIT to change them; MANAGE to delete them (and their tags) and to manage permissions on them. Searches need only a
/// signed-in user and show what the user may read. A route missing here is refused (and fails a test).
/// </summary>
internal static class RoutePermissions
{
    /// <summary>The key of the fallback route (the UI's files and the JSON 404), which has no method.</summary>
    public const string AnyMethod = "*";

    /// <summary>Every route: (method, template) to its rule.</summary>
    public static IReadOnlyDictionary<(string Method, string Template), RouteRule> Table { get; } = Build();

    /// <summary>The rule of the route <paramref name="endpoint"/> answers <paramref name="method"/> with, or null when the table lacks it.</summary>
    public static RouteRule? Find(Endpoint endpoint, string method) =>
        Key(endpoint, method) is { } key && Table.TryGetValue(key, out var rule) ? rule : null;

    /// <summary>The table key of an endpoint for a method: its route template, and the method (or <see cref="AnyMethod"/>).</summary>
    public static (string Method, string Template)? Key(Endpoint endpoint, string method)
    {
        if (endpoint is not RouteEndpoint route)
        {
            return null;
        }

        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        return (methods is null || methods.Count == 0 ? AnyMethod : method.ToUpperInvariant(), route.RoutePattern.RawText ?? string.Empty);
    }

    private static Dictionary<(string, string), RouteRule> Build()
    {
        var t = new Dictionary<(string, string), RouteRule>();
        void Add(string method, string template, RouteRule rule)
        {
            if (!t.TryAdd((method, template), rule))
            {
                throw new InvalidOperationException($"The permission table has {method} {template} twice.");
            }
        }

        const string Get = "GET", Post = "POST", Patch = "PATCH", Delete = "DELETE", Put = "PUT";
        var read = Permission.Read;
        var edit = Permission.Edit;
        var manage = Permission.Manage;

        Add(Get, "/health", RouteRule.Open);
        Add(Get, "/version", RouteRule.Open);
        Add(Get, "/metrics", RouteRule.Metrics);
        Add(AnyMethod, "{**path}", RouteRule.Open);

        foreach (var p in TrackingEndpoints.Prefixes)
        {
            // Experiments.
            Add(Post, p + "/experiments/create", RouteRule.Authenticated);
            Add(Get, p + "/experiments/get", RouteRule.Experiment(read, Query("experiment_id")));
            Add(Get, p + "/experiments/get-by-name", RouteRule.Custom(read, "READ on the experiment", ExperimentByName(read)));
            Add(Post, p + "/experiments/search", RouteRule.Authenticated);
            Add(Get, p + "/experiments/search", RouteRule.Authenticated);
            Add(Post, p + "/experiments/update", RouteRule.Experiment(edit, TrackingBody<UpdateExperimentRequest>(r => r.ExperimentId, "experiment_id")));
            Add(Post, p + "/experiments/delete", RouteRule.Experiment(manage, TrackingBody<ExperimentIdRequest>(r => r.ExperimentId, "experiment_id")));
            Add(Post, p + "/experiments/restore", RouteRule.Experiment(manage, TrackingBody<ExperimentIdRequest>(r => r.ExperimentId, "experiment_id")));
            Add(Post, p + "/experiments/set-experiment-tag", RouteRule.Experiment(edit, TrackingBody<SetExperimentTagRequest>(r => r.ExperimentId, "experiment_id")));
            Add(Post, p + "/experiments/delete-experiment-tag", RouteRule.Experiment(manage, TrackingBody<DeleteExperimentTagRequest>(r => r.ExperimentId, "experiment_id")));

            // Runs: their experiment's permission.
            Add(Post, p + "/runs/create", RouteRule.Experiment(edit, async c =>
            {
                var request = await TrackingEndpoints.Body<CreateRunRequest>(c).ConfigureAwait(false);
                return string.IsNullOrEmpty(request.ExperimentId) ? Experiment.DefaultId : request.ExperimentId;
            }));
            Add(Get, p + "/runs/get", RouteRule.Run(read, RunQuery));
            Add(Post, p + "/runs/update", RouteRule.Run(edit, TrackingBody<UpdateRunRequest>(r => r.RunId ?? r.RunUuid, "run_id")));
            Add(Post, p + "/runs/delete", RouteRule.Run(manage, TrackingBody<RunIdRequest>(r => r.RunId ?? r.RunUuid, "run_id")));
            Add(Post, p + "/runs/restore", RouteRule.Run(manage, TrackingBody<RunIdRequest>(r => r.RunId ?? r.RunUuid, "run_id")));
            Add(Post, p + "/runs/search", RouteRule.Authenticated);
            Add(Post, p + "/runs/log-metric", RouteRule.Run(edit, TrackingBody<LogMetricRequest>(r => r.RunId ?? r.RunUuid, "run_id")));
            Add(Post, p + "/runs/log-parameter", RouteRule.Run(edit, TrackingBody<LogParamRequest>(r => r.RunId ?? r.RunUuid, "run_id")));
            Add(Post, p + "/runs/log-batch", RouteRule.Run(edit, TrackingBody<LogBatchRequest>(r => r.RunId, "run_id")));
            Add(Post, p + "/runs/set-tag", RouteRule.Run(edit, TrackingBody<SetTagRequest>(r => r.RunId ?? r.RunUuid, "run_id")));
            Add(Post, p + "/runs/delete-tag", RouteRule.Run(manage, TrackingBody<DeleteTagRequest>(r => r.RunId, "run_id")));
            Add(Post, p + "/runs/log-inputs", RouteRule.Run(edit, async c =>
                ApiRequest.Required((await TrackingEndpoints.LargeBody<LogInputsRequest>(c).ConfigureAwait(false)).RunId, "run_id")));
            Add(Get, p + "/metrics/get-history", RouteRule.Run(read, RunQuery));
            Add(Get, p + "/artifacts/list", RouteRule.Run(read, RunQuery));

            // The model registry: the registered model's permission.
            Add(Post, p + "/registered-models/create", RouteRule.Authenticated);
            Add(Get, p + "/registered-models/get", RouteRule.Model(read, Query("name")));
            Add(Post, p + "/registered-models/rename", RouteRule.Model(edit, RegistryBody<RenameRegisteredModelRequest>(r => r.Name)));
            Add(Patch, p + "/registered-models/update", RouteRule.Model(edit, RegistryBody<UpdateRegisteredModelRequest>(r => r.Name)));
            Add(Delete, p + "/registered-models/delete", RouteRule.Model(manage, RegistryBody<RegisteredModelNameRequest>(r => r.Name)));
            Add(Get, p + "/registered-models/search", RouteRule.Authenticated);
            Add(Post, p + "/registered-models/get-latest-versions", RouteRule.Model(read, RegistryBody<GetLatestVersionsRequest>(r => r.Name)));
            Add(Get, p + "/registered-models/get-latest-versions", RouteRule.Model(read, Query("name")));
            Add(Post, p + "/registered-models/set-tag", RouteRule.Model(edit, RegistryBody<SetRegisteredModelTagRequest>(r => r.Name)));
            Add(Delete, p + "/registered-models/delete-tag", RouteRule.Model(manage, RegistryBody<DeleteRegisteredModelTagRequest>(r => r.Name)));
            Add(Post, p + "/registered-models/alias", RouteRule.Model(edit, RegistryBody<SetAliasRequest>(r => r.Name)));
            Add(Delete, p + "/registered-models/alias", RouteRule.Model(manage, RegistryBody<DeleteAliasRequest>(r => r.Name)));
            Add(Get, p + "/registered-models/alias", RouteRule.Model(read, Query("name")));
            Add(Post, p + "/model-versions/create", RouteRule.Custom(edit, "EDIT on the registered model and READ on the run it comes from", CreateVersion));
            Add(Get, p + "/model-versions/get", RouteRule.Model(read, Query("name")));
            Add(Patch, p + "/model-versions/update", RouteRule.Model(edit, RegistryBody<UpdateModelVersionRequest>(r => r.Name)));
            Add(Delete, p + "/model-versions/delete", RouteRule.Model(manage, RegistryBody<ModelVersionRequest>(r => r.Name)));
            Add(Get, p + "/model-versions/search", RouteRule.Authenticated);
            Add(Post, p + "/model-versions/transition-stage", RouteRule.Model(edit, RegistryBody<TransitionStageRequest>(r => r.Name)));
            Add(Get, p + "/model-versions/get-download-uri", RouteRule.Model(read, Query("name")));
            Add(Post, p + "/model-versions/set-tag", RouteRule.Model(edit, RegistryBody<SetModelVersionTagRequest>(r => r.Name)));
            Add(Delete, p + "/model-versions/delete-tag", RouteRule.Model(manage, RegistryBody<DeleteModelVersionTagRequest>(r => r.Name)));

            // Users and permissions (MLflow's auth API).
            Add(Post, p + "/users/create", RouteRule.Admin);
            Add(Get, p + "/users/get", RouteRule.SelfOrAdmin(c => ValueTask.FromResult<string?>(ApiRequest.QueryRequired(c, "username"))));
            Add(Patch, p + "/users/update-password", RouteRule.SelfOrAdmin(async c =>
                ApiRequest.Required((await AuthEndpoints.BodyAsync<UserPasswordRequest>(c).ConfigureAwait(false)).Username, "username")));
            Add(Patch, p + "/users/update-admin", RouteRule.Admin);
            Add(Delete, p + "/users/delete", RouteRule.Admin);
            Add(Post, p + "/experiments/permissions/create", RouteRule.Experiment(manage, AuthBody<ExperimentPermissionRequest>(r => r.ExperimentId, "experiment_id")));
            Add(Get, p + "/experiments/permissions/get", RouteRule.Experiment(manage, Query("experiment_id")));
            Add(Patch, p + "/experiments/permissions/update", RouteRule.Experiment(manage, AuthBody<ExperimentPermissionRequest>(r => r.ExperimentId, "experiment_id")));
            Add(Delete, p + "/experiments/permissions/delete", RouteRule.Experiment(manage, AuthBody<ExperimentPermissionRequest>(r => r.ExperimentId, "experiment_id")));
            Add(Post, p + "/registered-models/permissions/create", RouteRule.Model(manage, AuthBody<RegisteredModelPermissionRequest>(r => r.Name, "name")));
            Add(Get, p + "/registered-models/permissions/get", RouteRule.Model(manage, Query("name")));
            Add(Patch, p + "/registered-models/permissions/update", RouteRule.Model(manage, AuthBody<RegisteredModelPermissionRequest>(r => r.Name, "name")));
            Add(Delete, p + "/registered-models/permissions/delete", RouteRule.Model(manage, AuthBody<RegisteredModelPermissionRequest>(r => r.Name, "name")));
        }

        foreach (var p in RegistryEndpoints.ArgusPrefixes)
        {
            Add(Get, p + "/metrics/get-history-downsampled", RouteRule.Run(read, RunQuery));
            Add(Post, p + "/registered-models/move-aliases", RouteRule.Custom(edit, "EDIT on the registered model (MANAGE to remove an alias)", MoveAliases));
            Add(Get, p + "/registered-models/history", RouteRule.Model(read, Query("name")));
            Add(Get, p + "/model-versions/signature", RouteRule.Model(read, Query("name")));
            Add(Post, p + "/model-versions/predict", RouteRule.Model(read, Query("name")));

            // Pipelines and alerts are the server's own, not an experiment's: any signed-in user reads them and records
            // pipeline runs; schedules run commands on the server, so only administrators set them.
            var pipelines = p + "/pipelines";
            Add(Post, pipelines + "/runs/start", RouteRule.Authenticated);
            Add(Post, pipelines + "/runs/update-step", RouteRule.Authenticated);
            Add(Post, pipelines + "/runs/append-log", RouteRule.Authenticated);
            Add(Post, pipelines + "/runs/heartbeat", RouteRule.Authenticated);
            Add(Post, pipelines + "/runs/end", RouteRule.Authenticated);
            Add(Get, pipelines + "/runs/get", RouteRule.Authenticated);
            Add(Get, pipelines + "/runs/search", RouteRule.Authenticated);
            Add(Get, pipelines + "/runs/log", RouteRule.Authenticated);
            Add(Post, pipelines + "/runs/fail-abandoned", RouteRule.Admin);
            Add(Post, pipelines + "/schedules/set", RouteRule.Admin);
            Add(Get, pipelines + "/schedules/list", RouteRule.Authenticated);
            Add(Post, pipelines + "/schedules/delete", RouteRule.Admin);
            Add(Post, pipelines + "/schedules/claim-tick", RouteRule.Admin);

            // Sign-in, tokens, users, audit.
            Add(Post, p + "/auth/login", RouteRule.Open);
            Add(Post, p + "/auth/logout", RouteRule.Authenticated);
            Add(Get, p + "/auth/me", RouteRule.Open); // answers who is signed in, if anyone
            Add(Get, p + "/users/list", RouteRule.Admin);
            Add(Post, p + "/tokens/create", RouteRule.SelfOrAdmin(async c =>
                NullIfEmpty((await AuthEndpoints.BodyAsync<CreateTokenRequest>(c).ConfigureAwait(false)).Username)));
            Add(Get, p + "/tokens/list", RouteRule.SelfOrAdmin(c => ValueTask.FromResult(NullIfEmpty(ApiRequest.Query(c, "username")))));
            Add(Post, p + "/tokens/revoke", RouteRule.Authenticated);
            Add(Get, p + "/audit/list", RouteRule.Admin);
        }

        Add(Get, "/get-artifact", RouteRule.Run(read, RunQuery));
        const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";
        Add(Get, Proxy, ArtifactPath(read, c => ApiRequest.Query(c, "path")));
        Add(Get, Proxy + "/{**path}", ArtifactPath(read, RoutePath));
        Add(Put, Proxy + "/{**path}", ArtifactPath(edit, RoutePath));
        Add(Delete, Proxy + "/{**path}", ArtifactPath(manage, RoutePath));

        // The Alertmanager webhook takes a signed-in user (give Alertmanager a token); so does reading alerts.
        Add(Post, AlertEndpoints.Prefix + "/webhook", RouteRule.Authenticated);
        Add(Get, AlertEndpoints.Prefix + "/", RouteRule.Authenticated);

        // The model served under /serving/: READ on it to predict, EDIT to send feedback; health checks are open.
        Add(Get, "/serving/ping", RouteRule.Open);
        Add(Get, "/serving/health", RouteRule.Open);
        Add(Get, "/serving/version", RouteRule.Open);
        Add(Post, "/serving/invocations", ServedModel(read));
        Add(Get, "/serving/", ServedModel(read));
        Add(Post, "/serving/", ServedModel(read));
        Add(Post, "/serving/feedback", ServedModel(edit));
        return t;
    }

    // ---------------------------------------------------------------- how requests name their resource

    private static Func<HttpContext, ValueTask<string>> Query(string name) => c => ValueTask.FromResult(ApiRequest.QueryRequired(c, name));

    private static ValueTask<string> RunQuery(HttpContext c) =>
        ValueTask.FromResult(ApiRequest.Required(ApiRequest.Query(c, "run_id") ?? ApiRequest.Query(c, "run_uuid"), "run_id"));

    private static Func<HttpContext, ValueTask<string>> TrackingBody<T>(Func<T, string?> field, string name)
        where T : class => async c => ApiRequest.Required(field(await TrackingEndpoints.Body<T>(c).ConfigureAwait(false)), name);

    private static Func<HttpContext, ValueTask<string>> RegistryBody<T>(Func<T, string?> field)
        where T : class => async c => ApiRequest.Required(field(await RegistryEndpoints.BodyAsync<T>(c).ConfigureAwait(false)), "name");

    private static Func<HttpContext, ValueTask<string>> AuthBody<T>(Func<T, string?> field, string name)
        where T : class => async c => ApiRequest.Required(field(await AuthEndpoints.BodyAsync<T>(c).ConfigureAwait(false)), name);

    private static string RoutePath(HttpContext c) => Uri.UnescapeDataString(c.Request.RouteValues["path"] as string ?? string.Empty);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static Func<HttpContext, AuthUser, AccessControl, ValueTask<bool>> ExperimentByName(Permission required) => async (c, user, access) =>
    {
        var name = ApiRequest.QueryRequired(c, "experiment_name");
        var experiment = await c.RequestServices.GetRequiredService<ITrackingStore>().GetExperimentByNameAsync(name, c.RequestAborted).ConfigureAwait(false)
            ?? throw ArgusException.NotFound($"Could not find experiment with name '{name}'");
        return (await access.OnExperimentAsync(user, experiment.ExperimentId, c.RequestAborted).ConfigureAwait(false)).Allows(required);
    };

    /// <summary>
    /// Proxied artifacts live under <c>EXPERIMENT_ID/RUN_ID/artifacts/…</c>: the permission is the experiment's. A path
    /// outside any experiment (the root, or an artifact location named otherwise) is for administrators.
    /// </summary>
    private static RouteRule ArtifactPath(Permission required, Func<HttpContext, string?> path) =>
        RouteRule.Custom(required, $"{required.WireName()} on the experiment the artifact path starts with", async (c, user, access) =>
        {
            var experimentId = ExperimentOfArtifactPath(ArtifactPaths.Normalize(path(c)));
            return experimentId is null
                ? user.IsAdmin
                : (await access.OnExperimentAsync(user, experimentId, c.RequestAborted).ConfigureAwait(false)).Allows(required);
        });

    private static string? ExperimentOfArtifactPath(string normalized)
    {
        var first = normalized.Split('/')[0];
        return first.Length > 0 && long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? first : null;
    }

    /// <summary>
    /// A new version needs EDIT on its model, and READ on what it is made from (its run, a <c>runs:/</c> source, a
    /// proxied artifact path), or anyone could publish, and then download or serve, a run they may not read.
    /// </summary>
    private static async ValueTask<bool> CreateVersion(HttpContext c, AuthUser user, AccessControl access)
    {
        var request = await RegistryEndpoints.BodyAsync<CreateModelVersionRequest>(c).ConfigureAwait(false);
        if (!(await access.OnModelAsync(user, ApiRequest.Required(request.Name, "name"), c.RequestAborted).ConfigureAwait(false)).Allows(Permission.Edit))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(request.RunId) && !(await access.OnRunAsync(user, request.RunId, c.RequestAborted).ConfigureAwait(false)).Allows(Permission.Read))
        {
            return false;
        }

        var source = request.Source ?? string.Empty;
        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            var runId = source["runs:/".Length..].TrimStart('/').Split('/')[0];
            return runId.Length == 0 || (await access.OnRunAsync(user, runId, c.RequestAborted).ConfigureAwait(false)).Allows(Permission.Read);
        }

        if (source.StartsWith(ArtifactRepositories.ProxyScheme, StringComparison.OrdinalIgnoreCase))
        {
            var experimentId = ExperimentOfArtifactPath(source[ArtifactRepositories.ProxyScheme.Length..].TrimStart('/'));
            return experimentId is null
                ? user.IsAdmin
                : (await access.OnExperimentAsync(user, experimentId, c.RequestAborted).ConfigureAwait(false)).Allows(Permission.Read);
        }

        return true;
    }

    /// <summary>Moving aliases is an update (EDIT); removing one is a delete (MANAGE), as for DELETE registered-models/alias.</summary>
    private static async ValueTask<bool> MoveAliases(HttpContext c, AuthUser user, AccessControl access)
    {
        var request = await RegistryEndpoints.BodyAsync<MoveAliasesRequest>(c).ConfigureAwait(false);
        var required = (request.Moves ?? []).Any(m => string.IsNullOrEmpty(m.Version)) ? Permission.Manage : Permission.Edit;
        return (await access.OnModelAsync(user, ApiRequest.Required(request.Name, "name"), c.RequestAborted).ConfigureAwait(false)).Allows(required);
    }

    /// <summary>The model <c>/serving/</c> serves: its registered model (<c>models:/</c>), its run (<c>runs:/</c>), or, for a folder, any signed-in user.</summary>
    private static RouteRule ServedModel(Permission required) =>
        RouteRule.Custom(required, $"{required.WireName()} on the served model", async (c, user, access) =>
        {
            var uri = c.RequestServices.GetRequiredService<ServingOptions>().ModelUri;
            if (uri.StartsWith("models:/", StringComparison.Ordinal))
            {
                return (await access.OnModelAsync(user, RegisteredModelOf(uri), c.RequestAborted).ConfigureAwait(false)).Allows(required);
            }

            if (uri.StartsWith("runs:/", StringComparison.Ordinal))
            {
                var runId = uri["runs:/".Length..].TrimStart('/').Split('/')[0];
                return (await access.OnRunAsync(user, runId, c.RequestAborted).ConfigureAwait(false)).Allows(required);
            }

            return true;
        });

    /// <summary>NAME of <c>models:/NAME@ALIAS</c> or <c>models:/NAME/VERSION</c>.</summary>
    internal static string RegisteredModelOf(string modelUri)
    {
        var rest = modelUri["models:/".Length..].Trim('/');
        var at = rest.LastIndexOf('@');
        if (at > 0 && !rest.Contains('/', StringComparison.Ordinal))
        {
            return rest[..at];
        }

        var slash = rest.LastIndexOf('/');
        return slash > 0 ? rest[..slash] : rest;
    }
}
