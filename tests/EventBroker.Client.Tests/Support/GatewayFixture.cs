using System.Net;
using System.Net.Sockets;
using EventBroker.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;

namespace EventBroker.Client.Tests.Support;

/// <summary>
/// One real gateway on free loopback ports with its own SQLite file, shared by the integration tests (one xUnit
/// collection, so they run one after another against it). Delay levels are 1s 2s 3s to keep delayed and retried
/// messages quick.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "eb-client-" + Guid.NewGuid().ToString("N"));

    public int NameServerPort { get; private set; }

    public int ListenPort { get; private set; }

    public string NameServer => $"127.0.0.1:{NameServerPort}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        for (var attempt = 0; ; attempt++)
        {
            NameServerPort = FreePort();
            ListenPort = FreePort();
            string[] args =
            [
                $"--Broker:NameServerPort={NameServerPort}",
                $"--Broker:ListenPort={ListenPort}",
                $"--Broker:HttpPort={FreePort()}",
                $"--Broker:Store=sqlite:{Path.Combine(DataDirectory, "eventbroker.db")}",
                "--Broker:messageDelayLevel=1s 2s 3s",
                "--Logging:LogLevel:Default=Warning",
            ];
            var (app, problems) = await GatewayApp.CreateAsync(args);
            if (app is null)
            {
                throw new InvalidOperationException(string.Join("; ", problems));
            }
            try
            {
                await app.StartAsync();
                _app = app;
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                // A port was taken between the probe and the bind: try others.
                await app.DisposeAsync();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A client of its own (its own client id), with test-friendly timers.</summary>
    public EventBrokerClient NewClient(string? instanceName = null, AclCredentials? credentials = null) => new(new EventBrokerClientOptions
    {
        NameServers = [NameServer],
        InstanceName = instanceName,
        OffsetPersistInterval = TimeSpan.FromSeconds(1),
        Credentials = credentials,
    });

    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..10]}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
