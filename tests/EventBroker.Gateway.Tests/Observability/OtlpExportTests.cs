using EventBroker.Gateway.Tests.Support;
using OpenTelemetry.Metrics;

namespace EventBroker.Gateway.Tests.Observability;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task An_otlp_endpoint_turns_the_exporter_on_and_leaves_metrics_serving()
    {
        // Nothing listens on the endpoint: export failures must not disturb the gateway.
        await using var gateway = await TestGateway.StartAsync($"--Broker:OtlpEndpoint=http://127.0.0.1:{TestGateway.FreePort()}");
        Assert.NotNull(gateway.GetService<MeterProvider>());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.HttpPort}") };
        PrometheusText.Parse(await http.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Without_an_endpoint_there_is_no_exporter()
    {
        await using var gateway = await TestGateway.StartAsync();
        Assert.Throws<InvalidOperationException>(() => gateway.GetService<MeterProvider>());
    }
}
