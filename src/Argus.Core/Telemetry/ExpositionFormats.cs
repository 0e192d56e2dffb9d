namespace Argus.Core.Telemetry;

/// <summary>Content types of the exposition formats and the choice of one from an <c>Accept</c> header.</summary>
public static class ExpositionFormats
{
    /// <summary>The content type of text format 0.0.4, as client_golang writes it.</summary>
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The content type of OpenMetrics 1.0.0.</summary>
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>The Content-Type header value of a format.</summary>
    public static string ContentType(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetricsContentType : PrometheusTextContentType;

    /// <summary>
    /// OpenMetrics when the header accepts <c>application/openmetrics-text</c> (no version, 1.0.0 or 0.0.1) with a
    /// q-value above zero and no lower than the best q-value of a range that covers text format 0.0.4
    /// (<c>text/plain</c>, <c>text/*</c>, <c>*/*</c>); otherwise, including no header, text format 0.0.4, the
    /// format of last resort.
    /// </summary>
    public static ExpositionFormat Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ExpositionFormat.PrometheusText;
        }

        var openMetrics = 0.0;
        var text = 0.0;
        foreach (var range in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            var mediaType = parts[0];
            var q = 1.0;
            string? version = null;
            foreach (var parameter in parts.AsSpan(1))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    continue;
                }

                var name = parameter[..equals].Trim();
                var value = parameter[(equals + 1)..].Trim().Trim('"');
                if (name.Equals("q", StringComparison.OrdinalIgnoreCase))
                {
                    q = double.TryParse(value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                        ? Math.Clamp(parsed, 0, 1)
                        : 0;
                }
                else if (name.Equals("version", StringComparison.OrdinalIgnoreCase))
                {
                    version = value;
                }
            }

            if (mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
            {
                if (version is null or "1.0.0" or "0.0.1")
                {
                    openMetrics = Math.Max(openMetrics, q);
                }
            }
            else if (mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
                || mediaType.Equals("text/*", StringComparison.OrdinalIgnoreCase)
                || mediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                text = Math.Max(text, q);
            }
        }

        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }
}
