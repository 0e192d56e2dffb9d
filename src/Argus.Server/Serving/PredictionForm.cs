using System.Globalization;
using System.Net;
using System.Text;
using Argus.Core.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Argus.Server.Serving;

/// <summary>
/// A plain HTML page at <c>/</c> for a person: one field per model input (a number box, or a list of the
/// training categories), a Predict button, and the answer with the values kept for the next try. No script;
/// every value shown is HTML-escaped. The page scores through the same parser as <c>/invocations</c>.
/// </summary>
internal static class PredictionForm
{
    public static IEndpointRouteBuilder MapPredictionForm(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", static context => WriteAsync(context, new Dictionary<string, string>(), null, null));
        app.MapPost("/", SubmitAsync);
        return app;
    }

    private static async Task SubmitAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            throw new ArgusException(ErrorCode.UnsupportedMediaType, "The form posts application/x-www-form-urlencoded; use /invocations for JSON or CSV.");
        }

        // The form is no bigger than a scoring body may be; past Kestrel's cap, reading it is a 413.
        var limit = context.RequestServices.GetRequiredService<ServingOptions>().MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new ArgusException(ErrorCode.RequestTooLarge, $"The form is larger than the limit of {limit} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size && (size.MaxRequestBodySize is null || size.MaxRequestBodySize > limit))
        {
            size.MaxRequestBodySize = limit;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or (IOException and not BadHttpRequestException) && !context.RequestAborted.IsCancellationRequested)
        {
            // The form reader's own limits (value count, key and value lengths) and malformed multipart bodies; a body
            // over the size limit (BadHttpRequestException, an IOException too) stays a 413.
            throw new ArgusException(ErrorCode.BadRequest, $"The form cannot be read: {e.Message}");
        }

        var values = form.Where(f => f.Key != "__submit").ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var model = Model(context);
        try
        {
            using var batch = ScoringInput.ParseFields(values, model.Schema);
            var outputs = model.Predict(batch);
            var answer = model.Classes is null
                ? outputs[0].ToString("G6", CultureInfo.InvariantCulture)
                : PredictedClass(model, outputs);
            await WriteAsync(context, values, answer, null).ConfigureAwait(false);
        }
        catch (ArgusException e) when (e.Code == ErrorCode.BadRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteAsync(context, values, null, e.Message).ConfigureAwait(false);
        }
    }

    private static string PredictedClass(ServingModel model, float[] outputs)
    {
        var best = outputs.Length == 1 ? (outputs[0] >= 0.5f ? 1 : 0) : Array.IndexOf(outputs, outputs.Max());
        return model.Classes![best];
    }

    private static ServingModel Model(HttpContext context) =>
        context.RequestServices.GetRequiredService<ModelHost>().Current
        ?? throw new ArgusException(ErrorCode.TemporarilyUnavailable, "No model is loaded yet.");

    private static Task WriteAsync(HttpContext context, IReadOnlyDictionary<string, string> values, string? answer, string? error)
    {
        var model = Model(context);
        var html = new StringBuilder(4096);
        var title = $"{model.Name} — version {model.Version}";
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append("</title><style>")
            .Append("body{font:16px system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1d2330}")
            .Append("h1{font-size:1.4rem}label{display:block;margin:.7rem 0 .2rem;font-weight:600}")
            .Append("input,select{width:100%;padding:.45rem;font:inherit;box-sizing:border-box}")
            .Append("button{margin-top:1.2rem;padding:.55rem 1.4rem;font:inherit;cursor:pointer}")
            .Append(".answer{margin-top:1.4rem;padding:1rem;background:#eef6ee;border-left:4px solid #2e7d32;font-size:1.2rem}")
            .Append(".error{margin-top:1.4rem;padding:1rem;background:#fdecea;border-left:4px solid #c62828}")
            .Append("small{color:#5b6270}</style></head><body>")
            .Append("<h1>").Append(Encode(title)).Append("</h1>")
            .Append("<p><small>Predicts <b>").Append(Encode(model.Manifest.Target)).Append("</b>. Leave a field empty for a missing value.</small></p>")
            .Append("<form method=\"post\" action=\"\">");
        var schema = model.Schema;
        for (var f = 0; f < schema.Width; f++)
        {
            var name = schema.Names[f];
            values.TryGetValue(name, out var current);
            html.Append("<label for=\"f").Append(f).Append("\">").Append(Encode(name)).Append("</label>");
            if (schema.IsCategorical[f])
            {
                html.Append("<select id=\"f").Append(f).Append("\" name=\"").Append(Encode(name)).Append("\"><option value=\"\">(missing)</option>");
                foreach (var category in schema.Categories[f])
                {
                    html.Append("<option").Append(category == current ? " selected" : string.Empty).Append('>').Append(Encode(category)).Append("</option>");
                }

                html.Append("</select>");
            }
            else
            {
                html.Append("<input id=\"f").Append(f).Append("\" name=\"").Append(Encode(name)).Append("\" type=\"number\" step=\"any\" value=\"")
                    .Append(Encode(current ?? string.Empty)).Append("\">");
            }
        }

        html.Append("<button type=\"submit\" name=\"__submit\" value=\"1\">Predict</button></form>");
        if (answer is not null)
        {
            html.Append("<div class=\"answer\" role=\"status\">Predicted ").Append(Encode(model.Manifest.Target)).Append(": <b id=\"prediction\">")
                .Append(Encode(answer)).Append("</b></div>");
        }

        if (error is not null)
        {
            html.Append("<div class=\"error\" role=\"alert\">").Append(Encode(error)).Append("</div>");
        }

        html.Append("</body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        return context.Response.WriteAsync(html.ToString(), context.RequestAborted);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
