using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace EventBroker.Gateway.Observability;

/// <summary>Metrics, health endpoints and the log format: registered by the gateway host.</summary>
public static class ObservabilityExtensions
{
    /// <summary>Configuration key: <c>json</c> switches the console to one JSON object per log line.</summary>
    public const string LogFormatKey = "Broker:LogFormat";

    /// <summary>Configuration key: an OTLP endpoint (e.g. http://collector:4317) the meter is exported to; empty = none.</summary>
    public const string OtlpEndpointKey = "Broker:OtlpEndpoint";

    public static WebApplicationBuilder AddGatewayObservability(this WebApplicationBuilder builder)
    {
        if (string.Equals(builder.Configuration[LogFormatKey], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                // Scopes carry the connection id; UTC ISO timestamps sort and parse anywhere.
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        var services = builder.Services;
        services.AddSingleton<ConsumerLagProbe>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<MetricsAggregator>();
        services.AddSingleton<ReadinessProbe>();
        if (builder.Configuration[OtlpEndpointKey] is { Length: > 0 } endpoint)
        {
            // The container disposes the provider at shutdown, which flushes the last export.
            services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
                .AddMeter(GatewayMetrics.MeterName)
                .AddOtlpExporter(o => o.Endpoint = new Uri(endpoint))
                .Build());
        }
        return builder;
    }

    public static WebApplication MapGatewayObservability(this WebApplication app)
    {
        // Created now so that the listener sees every instrument from the first request on.
        _ = app.Services.GetRequiredService<MetricsAggregator>();
        _ = app.Services.GetService<MeterProvider>();
        app.MapGet("/metrics", async (MetricsAggregator aggregator, ConsumerLagProbe lag, CancellationToken ct) =>
        {
            await lag.RefreshAsync(ct).ConfigureAwait(false);
            return Results.Text(PrometheusTextWriter.Write(aggregator.Collect()), PrometheusTextWriter.ContentType);
        });
        app.MapGet("/health/live", () => Results.Json(new { status = "UP" }));
        app.MapGet("/health/ready", (ReadinessProbe probe, CancellationToken ct) => probe.CheckAsync(ct));
        return app;
    }
}
