using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EventBroker.MassTransit.Tests.Support;

/// <summary>A started bus on the test gateway (delay levels 1s 2s 3s, as the gateway is configured), stopped on dispose.</summary>
public sealed class TestBus : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    TestBus(ServiceProvider provider)
    {
        Provider = provider;
        Bus = provider.GetRequiredService<IBusControl>();
    }

    public ServiceProvider Provider { get; }

    public IBusControl Bus { get; }

    public Inbox Inbox => Provider.GetRequiredService<Inbox>();

    public static async Task<TestBus> StartAsync(GatewayHost gateway, Action<IBusRegistrationConfigurator> configure,
        Action<IBusRegistrationContext, IRocketMqBusFactoryConfigurator>? configureBus = null)
    {
        var provider = new ServiceCollection()
            .AddSingleton<Inbox>()
            .AddMassTransit(x =>
            {
                configure(x);
                x.UsingRocketMq((context, cfg) =>
                {
                    cfg.Host(gateway.NameServer, h => h.MessageDelayLevel("1s 2s 3s"));
                    configureBus?.Invoke(context, cfg);
                    cfg.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider();
        var bus = new TestBus(provider);
        using var cts = new CancellationTokenSource(Timeout);
        await bus.Bus.StartAsync(cts.Token).WaitAsync(Timeout + TimeSpan.FromSeconds(5));
        return bus;
    }

    public Task<ISendEndpoint> Endpoint(string name) => Bus.GetSendEndpoint(new Uri($"queue:{name}"));

    bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        using var cts = new CancellationTokenSource(Timeout);
        // WaitAsync: a stop that ignores its token fails the test instead of hanging the run.
        await Bus.StopAsync(cts.Token).WaitAsync(Timeout + TimeSpan.FromSeconds(5));
        await Provider.DisposeAsync().AsTask().WaitAsync(Timeout);
    }
}
