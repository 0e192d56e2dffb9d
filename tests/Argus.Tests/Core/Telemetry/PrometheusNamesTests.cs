using Argus.Core.Telemetry;

namespace Argus.Tests.Core.Telemetry;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", "Histogram", "http_server_request_duration_seconds", "http_server_request_duration_seconds")]
    [InlineData("argus.serving.requests", "{request}", "Counter", "argus_serving_requests", "argus_serving_requests_total")]
    [InlineData("http.server.active_requests", "{request}", "Gauge", "http_server_active_requests", "http_server_active_requests")]
    [InlineData("dotnet.process.cpu.time", "s", "Counter", "dotnet_process_cpu_time_seconds", "dotnet_process_cpu_time_seconds_total")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", "Counter", "dotnet_gc_heap_total_allocated_bytes", "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("dotnet.process.memory.working_set", "By", "Gauge", "dotnet_process_memory_working_set_bytes", "dotnet_process_memory_working_set_bytes")]
    [InlineData("argus.cpu.utilization", "1", "Gauge", "argus_cpu_utilization_ratio", "argus_cpu_utilization_ratio")]
    [InlineData("argus.items", "1", "Counter", "argus_items", "argus_items_total")]
    [InlineData("argus.latency", "ms", "Histogram", "argus_latency_milliseconds", "argus_latency_milliseconds")]
    [InlineData("argus.wait", "us", "Histogram", "argus_wait_microseconds", "argus_wait_microseconds")]
    [InlineData("argus.uptime", "min", "Gauge", "argus_uptime_minutes", "argus_uptime_minutes")]
    [InlineData("argus.throughput", "By/s", "Gauge", "argus_throughput_bytes_per_second", "argus_throughput_bytes_per_second")]
    [InlineData("argus.rate", "{request}/s", "Gauge", "argus_rate_per_second", "argus_rate_per_second")]
    [InlineData("argus.size", "KiBy", "Gauge", "argus_size_kibibytes", "argus_size_kibibytes")]
    [InlineData("argus.temperature", "Cel", "Gauge", "argus_temperature_celsius", "argus_temperature_celsius")]
    [InlineData("argus.request_duration_seconds", "s", "Histogram", "argus_request_duration_seconds", "argus_request_duration_seconds")]
    [InlineData("argus.cpu.seconds_total", "s", "Counter", "argus_cpu_seconds", "argus_cpu_seconds_total")]
    [InlineData("argus.jobs_total", null, "Counter", "argus_jobs", "argus_jobs_total")]
    [InlineData("argus.inference.log.bytes", "By", "Counter", "argus_inference_log_bytes", "argus_inference_log_bytes_total")]
    [InlineData("mlops.model-size", "By", "Gauge", "mlops_model_size_bytes", "mlops_model_size_bytes")]
    [InlineData("argus..odd::name", null, "Gauge", "argus_odd_name", "argus_odd_name")]
    [InlineData("2xx.count", null, "Gauge", "_2xx_count_value", "_2xx_count_value")]
    [InlineData("argus.serving.prediction", null, "Histogram", "argus_serving_prediction", "argus_serving_prediction")]
    [InlineData("dotnet.assembly.count", "{assembly}", "Gauge", "dotnet_assembly_count_value", "dotnet_assembly_count_value")]
    [InlineData("argus.queue.sum", null, "Gauge", "argus_queue_sum_value", "argus_queue_sum_value")]
    [InlineData("dotnet.thread_pool.thread.count", "{thread}", "Counter", "dotnet_thread_pool_thread_count", "dotnet_thread_pool_thread_count_total")]
    public void MetricName_Instrument_MapsAsOpenTelemetry(string name, string? unit, string type, string family, string sample)
    {
        var mapped = PrometheusNames.MetricName(name, unit, Enum.Parse<MetricType>(type));
        Assert.Equal(family, mapped.Family);
        Assert.Equal(sample, mapped.Sample);
    }

    [Theory]
    [InlineData("http.route", "http_route")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("model", "model")]
    [InlineData("a-b", "a_b")]
    [InlineData("1st", "_1st")]
    [InlineData("__reserved", "_reserved")]
    public void LabelName_TagKey_IsSanitized(string key, string expected) => Assert.Equal(expected, PrometheusNames.LabelName(key));
}
