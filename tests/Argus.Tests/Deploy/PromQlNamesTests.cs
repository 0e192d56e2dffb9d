namespace Argus.Tests.Deploy;

public sealed class PromQlNamesTests
{
    [Fact]
    public void In_ExpressionWithFunctionsGroupingAndVariables_ReturnsOnlyMetricNames()
    {
        const string expression = """
            histogram_quantile(0.99, sum by (model, le) (rate(argus_serving_request_duration_seconds_bucket{model=~"$model",status!="5.."}[$__rate_interval])))
            / on (model) group_left() max without (instance) (argus:threshold offset 5m) > bool 1e3 and time() - up{job="x"} unless sum(foo_total) by (le)
            """;

        var names = PromQlNames.In(expression);

        Assert.Equal(["argus:threshold", "argus_serving_request_duration_seconds_bucket", "foo_total", "up"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void InVariableQuery_LabelValuesOfMetric_ReturnsTheMetric()
    {
        Assert.Equal(["argus_serving_requests_total"], PromQlNames.InVariableQuery("label_values(argus_serving_requests_total{job=\"argus-serving\"}, model)"));
        Assert.Empty(PromQlNames.InVariableQuery("label_values(model)"));
    }
}
