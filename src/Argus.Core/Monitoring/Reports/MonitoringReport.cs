using System.Text.Json;
using Argus.Core.Monitoring.Drift;
using Argus.Core.Monitoring.Performance;
using Argus.Core.Monitoring.Quality;
using Argus.Core.Monitoring.Reports.Html;
using Argus.Core.Monitoring.Suites;

namespace Argus.Core.Monitoring.Reports;

/// <summary>The results of a report's calculations; each is null when its preset did not run.</summary>
public sealed record MonitoringReport
{
    /// <summary>What the report is about, e.g. <c>tips: reference train.csv vs current week-47.csv</c>.</summary>
    public required string Title { get; init; }

    /// <summary>When it was computed.</summary>
    public required DateTimeOffset Generated { get; init; }

    /// <summary>The presets that ran.</summary>
    public required IReadOnlyList<ReportPreset> Presets { get; init; }

    /// <summary>Data drift of the features.</summary>
    public DatasetDriftResult? Drift { get; init; }

    /// <summary>Drift of the target and the prediction.</summary>
    public DatasetDriftResult? TargetDrift { get; init; }

    /// <summary>Reference and current distributions of the drift-tested columns, for the charts.</summary>
    public IReadOnlyList<ColumnDistribution> Distributions { get; init; } = [];

    /// <summary>Data quality of the current data (against the reference when there is one).</summary>
    public DataQualityResult? Quality { get; init; }

    /// <summary>Regression performance on the current data.</summary>
    public RegressionResult? Regression { get; init; }

    /// <summary>Classification performance on the current data.</summary>
    public ClassificationResult? Classification { get; init; }

    /// <summary>Test-suite results, when tests were run.</summary>
    public TestSuiteResult? Tests { get; init; }

    /// <summary>Every metric of the report by path (<c>quality.columns.tip.missing_share</c>, <c>regression.rmse</c>), for tests and tracking.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The same metric paths computed on the reference data (quality and performance), when there is one.</summary>
    public IReadOnlyDictionary<string, double> ReferenceMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The report as one JSON object: snake_case names, NaN and infinities as null.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("title", Title);
            json.WriteString("generated", Generated.UtcDateTime);
            json.WriteStartArray("presets");
            foreach (var preset in Presets)
            {
                json.WriteStringValue(preset.ToString().ToLowerInvariant());
            }

            json.WriteEndArray();
            DriftSection(json, "drift", Drift);
            DriftSection(json, "target_drift", TargetDrift);
            Section(json, "quality", Quality);
            Section(json, "regression", Regression);
            Section(json, "classification", Classification);
            Section(json, "tests", Tests);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The report as one self-contained HTML page.</summary>
    public string ToHtml() => HtmlPage.Render(Title, Generated, html =>
    {
        if (Tests is { } tests)
        {
            ReportHtml.Suite(html, tests);
        }

        if (Drift is { } drift)
        {
            DriftHtml.Section(html, "Data drift", drift, Distributions);
        }

        if (TargetDrift is { } targetDrift)
        {
            DriftHtml.Section(html, "Target and prediction drift", targetDrift, Distributions);
        }

        if (Regression is { } regression)
        {
            ReportHtml.Regression(html, regression);
        }

        if (Classification is { } classification)
        {
            ReportHtml.Classification(html, classification);
        }

        if (Quality is { } quality)
        {
            ReportHtml.Quality(html, quality);
        }
    });

    private static void DriftSection(Utf8JsonWriter json, string name, DatasetDriftResult? drift)
    {
        if (drift is not null)
        {
            json.WritePropertyName(name);
            DatasetDriftJson.Write(json, drift);
        }
    }

    private static void Section<T>(Utf8JsonWriter json, string name, T? value)
        where T : class
    {
        if (value is not null)
        {
            json.WritePropertyName(name);
            JsonSerializer.Serialize(json, value, MonitoringJson.Options);
        }
    }
}
