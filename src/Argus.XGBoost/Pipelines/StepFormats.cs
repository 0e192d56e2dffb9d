using System.Globalization;
using System.Text.Json;
using Argus.Core.Pipelines.Steps;

namespace Argus.XGBoost.Pipelines;

/// <summary>How the XGBoost kinds write numbers and parameter sets as outputs, and read parameter sets back.</summary>
internal static class StepFormats
{
    /// <summary>A number as an output: invariant, shortest round-trip.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>XGBoost parameters as a JSON object: numbers and booleans as JSON numbers and booleans, the rest as strings.</summary>
    public static string ParamsJson(IEnumerable<KeyValuePair<string, object>> parameters)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                switch (value)
                {
                    case double d when double.IsFinite(d):
                        json.WriteNumber(name, d);
                        break;
                    case long l:
                        json.WriteNumber(name, l);
                        break;
                    case int i:
                        json.WriteNumber(name, i);
                        break;
                    case bool b:
                        json.WriteBoolean(name, b);
                        break;
                    default:
                        json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The XGBoost parameters a setting holds as a JSON object (<c>{"max_depth": 6, "learning_rate": 0.1}</c>), as
    /// parameter text; empty when the setting is absent or blank.
    /// </summary>
    public static Dictionary<string, string> ReadParams(StepContext context, string setting)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (context.TextOrNull(setting) is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return parameters;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw context.SettingError(setting, $"not a JSON object of XGBoost parameters ({e.Message}); e.g. {{\"max_depth\": 6, \"learning_rate\": 0.1}}.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw context.SettingError(setting, "must be a JSON object of XGBoost parameters, e.g. {\"max_depth\": 6, \"learning_rate\": 0.1}.");
            }

            var problems = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Number:
                        parameters[property.Name] = property.Value.GetRawText();
                        break;
                    case JsonValueKind.String:
                        parameters[property.Name] = property.Value.GetString()!;
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        parameters[property.Name] = property.Value.GetBoolean() ? "true" : "false";
                        break;
                    default:
                        problems.Add($"'{property.Name}' must be a number, a string or a boolean");
                        break;
                }
            }

            return problems.Count == 0 ? parameters : throw context.SettingError(setting, string.Join("; ", problems) + ".");
        }
    }
}
