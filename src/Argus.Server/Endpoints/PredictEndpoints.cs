using System.Buffers;
using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Server.Hosting;
using Argus.Server.Serving;

namespace Argus.Server.Endpoints;

/// <summary>
/// Trying any registered model version from the tracking server (the web UI's Predict page), under
/// <c>/api/2.0/argus</c> and <c>/ajax-api/2.0/argus</c>. Both take <c>name</c> and exactly one of <c>version</c> or
/// <c>alias</c>; an alias is looked up on every request, since aliases move.
/// <list type="bullet">
/// <item><c>GET /model-versions/signature</c>: what the version takes and answers — its inputs in order (numerical, or
/// categorical with the training categories from its encoder), task, target, output and the columns it ignores.</item>
/// <item><c>POST /model-versions/predict</c>: a body in MLflow's scoring protocol, exactly what <c>/invocations</c>
/// accepts (JSON or CSV, 415 for other content types), answered as <c>/invocations</c> answers, with
/// <c>X-Argus-Model-Version</c>.</item>
/// </list>
/// These predictions are someone trying a version: they are not written to the inference log and not counted in the
/// serving metrics, so monitoring sees production traffic only (served by <c>argus serve</c>). Loaded versions are
/// kept in a small <see cref="ServingModelCache"/>.
/// </summary>
internal static class PredictEndpoints
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Replies are application/json, never embedded in HTML: write text as it is.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapPredictEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in RegistryEndpoints.ArgusPrefixes)
        {
            var argus = app.MapGroup(prefix);
            argus.MapGet("/model-versions/signature", GetSignature);
            argus.MapPost("/model-versions/predict", Predict);
        }

        return app;
    }

    /// <summary>
    /// <c>{"name","version","aliases","task","target","inputs":[{"name","type","categories"?}],"output":{"type","classes"?},
    /// "ignored_columns","run_id"?}</c>; categories only for categorical inputs, classes only for classifiers.
    /// </summary>
    private static async Task GetSignature(HttpContext context)
    {
        var version = await ResolveAsync(context).ConfigureAwait(false);
        var model = await Cache(context).GetAsync(version, context.RequestAborted).ConfigureAwait(false);
        var manifest = model.Manifest;
        var schema = model.Schema;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("name", model.Name);
            json.WriteString("version", model.Version);
            WriteStrings(json, "aliases", version.Aliases.Order(StringComparer.Ordinal));
            json.WriteString("task", manifest.Task);
            json.WriteString("target", manifest.Target);
            json.WriteStartArray("inputs");
            for (var f = 0; f < schema.Width; f++)
            {
                json.WriteStartObject();
                json.WriteString("name", schema.Names[f]);
                json.WriteString("type", schema.IsCategorical[f] ? "categorical" : "numerical");
                if (schema.IsCategorical[f])
                {
                    WriteStrings(json, "categories", schema.Categories[f]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("output");
            json.WriteString("type", manifest.Output.Type);
            if (model.Classes is { } classes)
            {
                WriteStrings(json, "classes", classes);
            }

            json.WriteEndObject();

            // What a request may carry and the model does not read: the training data's text columns and the target.
            WriteStrings(json, "ignored_columns", [.. manifest.IgnoredTextFeatures, manifest.Target]);
            if ((manifest.RunId ?? version.RunId) is { Length: > 0 } runId)
            {
                json.WriteString("run_id", runId);
            }

            json.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Scores the body with the version, through the same parser and answer writer as <c>/invocations</c>; nothing is logged.</summary>
    private static async Task Predict(HttpContext context)
    {
        var (name, version, alias) = Selector(context);
        var csv = ScoringEndpoints.IsCsv(context.Request.ContentType);
        var model = await Cache(context).GetAsync(await ResolveAsync(context, name, version, alias).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false);
        var limit = context.RequestServices.GetRequiredService<ArgusServerOptions>().MaxPredictBodyBytes;
        float[] outputs;
        using (var body = await ApiRequest.ReadBodyAsync(context, limit).ConfigureAwait(false))
        using (var batch = csv ? ScoringInput.ParseCsv(body.Span, model.Schema) : ScoringInput.ParseJson(body.Span, model.Schema))
        {
            outputs = model.Predict(batch);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers[ScoringEndpoints.VersionHeader] = model.Version;
        var answer = ArrayPool<byte>.Shared.Rent(model.MaxAnswerBytes(outputs.Length));
        try
        {
            var length = model.WriteAnswer(outputs, answer);
            response.ContentLength = length;
            await response.Body.WriteAsync(answer.AsMemory(0, length), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(answer);
        }
    }

    private static ServingModelCache Cache(HttpContext context) => context.RequestServices.GetRequiredService<ServingModelCache>();

    private static Task<ModelVersion> ResolveAsync(HttpContext context)
    {
        var (name, version, alias) = Selector(context);
        return ResolveAsync(context, name, version, alias);
    }

    /// <summary>The registered version asked for: by number, or the one the alias points at now.</summary>
    private static Task<ModelVersion> ResolveAsync(HttpContext context, string name, string? version, string? alias)
    {
        var registry = ModelRegistries.For(context.RequestServices.GetRequiredService<ITrackingStore>());
        return version is not null
            ? registry.GetModelVersionAsync(name, version, context.RequestAborted)
            : registry.GetModelVersionByAliasAsync(name, alias!, context.RequestAborted);
    }

    // name, and exactly one of version or alias.
    private static (string Name, string? Version, string? Alias) Selector(HttpContext context)
    {
        var name = ApiRequest.QueryRequired(context, "name");
        var version = ApiRequest.Query(context, "version");
        var alias = ApiRequest.Query(context, "alias");
        return (string.IsNullOrEmpty(version), string.IsNullOrEmpty(alias)) switch
        {
            (false, true) => (name, version, null),
            (true, false) => (name, null, alias),
            (false, false) => throw ArgusException.InvalidParameter("Give either 'version' or 'alias', not both."),
            _ => throw ArgusException.InvalidParameter("Missing value for required parameter 'version' or 'alias': name the model version by number or by alias."),
        };
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
