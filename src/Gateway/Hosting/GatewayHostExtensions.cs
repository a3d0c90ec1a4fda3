using EventBroker.Gateway.Acl;
using EventBroker.Gateway.Admin;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Cluster;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Filtering;
using EventBroker.Gateway.Observability;
using EventBroker.Gateway.Processing;
using EventBroker.Gateway.Schedule;
using EventBroker.Gateway.Transactions;
using EventBroker.Gateway.Transport;
using EventBroker.Routing;
using EventBroker.Routing.Redis;
using EventBroker.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EventBroker.Gateway.Hosting;

/// <summary>Wires the gateway into a web host: Kestrel listeners, services, adapters and HTTP endpoints.</summary>
public static class GatewayHostExtensions
{
    public static WebApplicationBuilder ConfigureGateway(this WebApplicationBuilder builder, BrokerOptions options)
    {
        builder.Services.Configure<BrokerOptions>(builder.Configuration.GetSection(BrokerOptions.SectionName));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // A frame may be 16 MiB and is parsed only once whole: let the input pipe hold one.
            kestrel.Limits.MaxRequestBufferSize = 20 * 1024 * 1024;
            kestrel.AddServerHeader = false;
            kestrel.ListenAnyIP(options.NameServerPort, l => l.UseConnectionHandler<RemotingConnectionHandler>());
            var names = options.GetBrokerNames();
            for (var k = 0; k < names.Count; k++)
            {
                kestrel.ListenAnyIP(options.ListenPort + k, l => l.UseConnectionHandler<RemotingConnectionHandler>());
            }
            kestrel.ListenAnyIP(options.HttpPort, l => l.Protocols = HttpProtocols.Http1);
        });

        var services = builder.Services;
        // Remoting connections are closed as soon as shutdown starts; nothing should take long after that.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BrokerTopology>();
        services.AddSingleton<StoreHolder>();
        services.AddSingleton(sp => sp.GetRequiredService<StoreHolder>().Streams);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHolder>().Routing);
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<QueueStore>();
        services.AddSingleton<AppendSignals>();
        services.AddSingleton<AppendBroadcaster>();
        services.AddSingleton<RetentionJob>();
        services.AddSingleton<TopicService>();
        services.AddSingleton<GroupService>();
        services.AddSingleton<RouteService>();
        services.AddSingleton<ClientRegistry>();
        services.AddSql92Filtering();
        services.AddPlainAcl();
        services.AddSingleton<SubscriptionResolver>();
        services.AddSingleton<BrokerStats>();
        builder.AddGatewayObservability();
        services.AddSingleton<NameServerProcessor>();
        services.AddSingleton<SendMessageProcessor>();
        services.AddSingleton<SendBackProcessor>();
        services.AddSingleton<QueueLockProcessor>();
        services.AddSingleton<MessageScanner>();
        services.AddSingleton<TopicAdmin>();
        services.AddSingleton<QueryMessageProcessor>();
        services.AddSingleton<GroupAdminProcessor>();
        services.AddSingleton<BrokerConfigProcessor>();
        services.AddSingleton<ReplyMessageProcessor>();
        services.AddSingleton<EndTransactionProcessor>();
        services.AddSingleton<TransactionResolver>();
        services.AddHostedService<TransactionCheckService>();
        services.AddSingleton<ClientCaller>();
        services.AddSingleton(sp => DelayLevels.Parse(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<BrokerOptions>>().Value.MessageDelayLevel));
        services.AddSingleton<LeaseKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
        services.AddHostedService<ScheduleService>();
        services.AddSingleton<TimerDelivery>();
        services.AddSingleton<TimerSlotFence>();
        services.AddSingleton<TimerBacklog>();
        services.AddSingleton<TimerService>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerService>());
        services.AddSingleton<PullMessageProcessor>();
        services.AddSingleton<ClientManageProcessor>();
        services.AddSingleton<OffsetProcessor>();
        services.AddSingleton<AdminProcessor>();
        services.AddSingleton<ResetOffsetProcessor>();
        services.AddSingleton<RequestDispatcher>();
        services.AddHostedService<BrokerBackgroundService>();
        services.AddAdminApi();
        services.AddSingleton<IHostedService>(sp => (IHostedService?)sp.GetRequiredService<StoreHolder>().Recovery ?? new NoBackgroundWork());
        return builder;
    }

    /// <summary>Opens the stores and creates the system topics before any listener accepts a connection.</summary>
    public static async Task InitializeGatewayAsync(this WebApplication app)
    {
        var holder = app.Services.GetRequiredService<StoreHolder>();
        await holder.OpenAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        // Resolve both through the container now so that it owns them and disposes (flushes) them at shutdown.
        _ = app.Services.GetRequiredService<IStreamStore>();
        _ = app.Services.GetRequiredService<IRoutingStore>();
        var topics = app.Services.GetRequiredService<TopicService>();
        if (holder.Recovery is { } recovery)
        {
            // Before anything reads routing: a Redis emptied while the cluster was down is rebuilt first.
            recovery.AfterRebuild = topics.InitializeAsync;
            await recovery.EnsureSeededAtStartAsync(TimeSpan.FromSeconds(10), app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        try
        {
            await topics.InitializeAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (RoutingUnavailableException ex)
        {
            // Redis is down at start: the rebuild check creates the system topics once it is back.
            app.Logger.LogWarning("System topics not checked yet, the routing store is unavailable: {Reason}", ex.Message);
        }
        await app.Services.GetRequiredService<ClientRegistry>().StartAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        await app.Services.GetRequiredService<AppendBroadcaster>().StartAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        await app.Services.GetRequiredService<ClientCaller>().StartAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        var connections = app.Services.GetRequiredService<ConnectionRegistry>();
        app.Lifetime.ApplicationStopping.Register(connections.AbortAll);
        var topology = app.Services.GetRequiredService<BrokerTopology>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BrokerOptions>>().Value;
        app.Logger.LogInformation(
            "EventBroker gateway {GatewayId}: cluster {Cluster}, name server on {NameServerPort}, brokers {Brokers}, HTTP on {HttpPort}, store {Store}, routing {Routing}",
            topology.GatewayId, topology.ClusterName, options.NameServerPort,
            string.Join(", ", topology.Brokers.Select(b => $"{b.Name}@{b.Port}")), options.HttpPort,
            holder.Streams.Description, holder.Routing.Description);
    }

    public static WebApplication MapGatewayHttp(this WebApplication app)
    {
        app.MapGatewayObservability();
        app.MapAdminApi();
        app.MapGet("/health", async (StoreHolder stores, ConnectionRegistry connections, AppendSignals signals, CancellationToken ct) =>
        {
            var storeOk = await stores.Streams.PingAsync(ct).ConfigureAwait(false);
            var body = new
            {
                status = storeOk ? "UP" : "DOWN",
                store = new { description = stores.Streams.Description, up = storeOk },
                routing = new { description = stores.Routing.Description },
                connections = connections.Count,
                parkedPulls = signals.ParkedCount,
            };
            return storeOk ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}

/// <summary>
/// Opens the two adapters asynchronously at start. The container disposes (flushes) them at shutdown, because they
/// are registered through factories that read them from here.
/// </summary>
public sealed class StoreHolder(Microsoft.Extensions.Options.IOptions<BrokerOptions> options, ILoggerFactory loggers)
{
    private IStreamStore? _streams;
    private IRoutingStore? _routing;

    public IStreamStore Streams => _streams ?? throw new InvalidOperationException("the stream store is not open yet");

    public IRoutingStore Routing => _routing ?? throw new InvalidOperationException("the routing store is not open yet");

    /// <summary>Set when routing is in Redis: the journal that lets an emptied Redis be rebuilt.</summary>
    public RoutingRecovery? Recovery { get; private set; }

    public async Task OpenAsync(CancellationToken ct)
    {
        _streams = await StoreFactory.OpenStreamStoreAsync(options.Value, loggers, ct).ConfigureAwait(false);
        var routing = await StoreFactory.OpenRoutingStoreAsync(options.Value, loggers, ct).ConfigureAwait(false);
        if (routing is RedisRoutingStore redis)
        {
            var journal = new RoutingJournal(_streams, options.Value.ClusterName, options.Value.GetBrokerNames()[0]);
            var journaled = new JournaledRoutingStore(redis, journal, loggers.CreateLogger<JournaledRoutingStore>());
            Recovery = new RoutingRecovery(journaled, redis, journal, TimeProvider.System, loggers.CreateLogger<RoutingRecovery>());
            routing = journaled;
        }
        _routing = routing;
    }
}

/// <summary>Stands in for a background service a configuration does not need (in-process routing has no journal).</summary>
internal sealed class NoBackgroundWork : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
