using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Quality;

namespace Argus.Core.Monitoring.Suites;

/// <summary>
/// Test suites in JSON (the monitoring shape: snake_case, operators as <c>"eq"</c>, <c>"not_eq"</c>, <c>"gte"</c>,
/// <c>"in"</c>, ...): reads definitions, writes definitions and results.
/// </summary>
public static class SuiteJson
{
    /// <summary>Reads and validates a suite definition; every problem is reported in one <see cref="ArgusException"/>.</summary>
    public static TestSuiteDefinition ReadDefinition(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        TestSuiteDefinition? suite;
        try
        {
            suite = JsonSerializer.Deserialize<TestSuiteDefinition>(json, MonitoringJson.Options);
        }
        catch (JsonException e)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"Invalid test suite JSON: {e.Message}", e);
        }

        if (suite is null)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid test suite JSON: it is null.");
        }

        suite.Validate();
        return suite;
    }

    public static string Write(TestSuiteDefinition suite) => JsonSerializer.Serialize(suite, MonitoringJson.Options);

    public static string Write(TestSuiteResult result) => JsonSerializer.Serialize(result, MonitoringJson.Options);
}
